using FaustGen;
using FaustGen.Chaos;

// dotnet run -c Release --project tests/FaustGen.Chaos -- [options]
//   --guarantee alo|eos|all   --store memory|rocksdb|all   --kill isolate|abandon|graceful|all
//   --fault none|bounce|errors|longoutage|all   --seeds 1-20 (or 3,5,8)   --duration 60 (seconds of feed and churn)
//   --workers 3 --events 30000 --keys 500 --partitions 8   --logs DIR (a log file per run)
// Runs every combination for every seed, prints a line per run and a summary, and exits 1 if any run lost an event
// (or, under exactly-once, duplicated one), did not converge, or hit a problem.
if (args.Contains("--help"))
{
    Console.WriteLine("""
        dotnet run -c Release --project tests/FaustGen.Chaos -- [options]
          --guarantee alo|eos|all  --store memory|rocksdb|all  --kill isolate|abandon|graceful|all
          --fault none|bounce|errors|longoutage|all  --seeds 1-20 (or 3,5,8)  --duration 60
          --workers 3  --events 30000  --keys 500  --partitions 8  --logs DIR
        """);
    return 0;
}

var guarantees = Choices("--guarantee", "alo", s => s == "Eos" ? ProcessingGuarantee.ExactlyOnce : ProcessingGuarantee.AtLeastOnce, ["alo", "eos"]);
var stores = Choices("--store", "memory", Enum.Parse<StoreKind>, ["memory", "rocksdb"]);
var kills = Choices("--kill", "isolate", Enum.Parse<KillStyle>, ["isolate", "abandon", "graceful"]);
var faults = Choices("--fault", "none", Enum.Parse<BrokerFault>, ["none", "bounce", "errors", "longoutage"]);
var seeds = Seeds(Option("--seeds", "1"));
var duration = TimeSpan.FromSeconds(double.Parse(Option("--duration", "60"), System.Globalization.CultureInfo.InvariantCulture));
var logs = args.SkipWhile(a => a != "--logs").Skip(1).FirstOrDefault();

AppDomain.CurrentDomain.UnhandledException += (_, e) => Console.Error.WriteLine($"UNHANDLED EXCEPTION (the process dies): {e.ExceptionObject}");
TaskScheduler.UnobservedTaskException += (_, e) => Console.Error.WriteLine($"unobserved task exception: {e.Exception}");

var outcomes = new List<Outcome>();
foreach (var guarantee in guarantees)
{
    foreach (var store in stores)
    {
        foreach (var kill in kills)
        {
            foreach (var fault in faults)
            {
                foreach (var seed in seeds)
                {
                    var scenario = new Scenario(guarantee, store, kill, fault, seed, duration)
                    {
                        Workers = int.Parse(Option("--workers", "3"), System.Globalization.CultureInfo.InvariantCulture),
                        Events = int.Parse(Option("--events", "30000"), System.Globalization.CultureInfo.InvariantCulture),
                        Keys = int.Parse(Option("--keys", "500"), System.Globalization.CultureInfo.InvariantCulture),
                        Partitions = int.Parse(Option("--partitions", "8"), System.Globalization.CultureInfo.InvariantCulture),
                        LogDirectory = logs,
                    };
                    Outcome outcome;
                    try
                    {
                        outcome = await ChaosRun.RunAsync(scenario, Console.Out);
                    }
                    catch (Exception ex)
                    {
                        outcome = new Outcome(scenario) { Problems = [$"the run failed: {ex}"] };
                    }

                    outcomes.Add(outcome);
                    Console.WriteLine(outcome);
                }
            }
        }
    }
}

Console.WriteLine();
Console.WriteLine("| Combination | Runs | Passed | Events | Kills | Faults | Lost (table/changelog/output) | Duplicated (table/changelog/output) | Failed workers | Longest pause | Longest stop of a cut-off worker |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---|---|---:|---:|---:|");
foreach (var combination in outcomes.GroupBy(o => o.Scenario.Combination))
{
    var runs = combination.ToList();
    Console.WriteLine(
        $"| {combination.Key} | {runs.Count} | {runs.Count(r => r.Passed)} | {runs.Sum(r => r.Events):N0} | {runs.Sum(r => r.Kills)} | {runs.Sum(r => r.Faults)} | " +
        $"{runs.Sum(r => r.Table.Lost)}/{runs.Sum(r => r.Changelog.Lost)}/{runs.Sum(r => r.Output.Lost)} | " +
        $"{runs.Sum(r => r.Table.Duplicated)}/{runs.Sum(r => r.Changelog.Duplicated)}/{runs.Sum(r => r.Output.Duplicated)} | " +
        $"{runs.Sum(r => r.FailedWorkers.Count)} | {runs.Max(r => r.LongestPause).TotalSeconds:F1} s | {runs.Max(r => r.LongestStop).TotalSeconds:F1} s |");
}

return outcomes.TrueForAll(o => o.Passed) ? 0 : 1;

string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;

List<T> Choices<T>(string name, string fallback, Func<string, T> parse, string[] all)
{
    var value = Option(name, fallback);
    return value == "all" ? [.. all.Select(a => parse(Capitalized(a)))] : [.. value.Split(',').Select(v => parse(Capitalized(v)))];
}

static string Capitalized(string value) => value.ToLowerInvariant() switch
{
    "rocksdb" => "RocksDb",
    "longoutage" => "LongOutage",
    var v => char.ToUpperInvariant(v[0]) + v[1..],
};

static List<int> Seeds(string value) =>
    [.. value.Split(',').SelectMany(part => part.Contains('-', StringComparison.Ordinal)
        ? Enumerable.Range(int.Parse(part.Split('-')[0], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(part.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture) - int.Parse(part.Split('-')[0], System.Globalization.CultureInfo.InvariantCulture) + 1)
        : [int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)])];
