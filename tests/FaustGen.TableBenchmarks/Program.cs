using System.Diagnostics;
using System.Globalization;
using System.Text;
using FaustGen.Kafka.Embedded;
using FaustGen.TableBenchmarks;
using FaustGen.Throughput;

// dotnet run -c Release --project tests/FaustGen.TableBenchmarks [-- --events 400000 --keys 10000 --partitions 8 --rounds 3
//     --queued-min-messages 1000000 --recovery-keys 1000000 --recovery-partitions 16 --only count|recovery|<pipeline>]
// One embedded Kafka broker, in one run: count-by-key with a changelog (FaustGen on memory:// and rocksdb://,
// Streamiz.Kafka.Net 1.8.2's Count() on its RocksDB store), then the recovery rate of a large table. Every run is
// checked: the changelog ends with every key's exact count, and the recovered table holds every key and value.
var events = Option("--events", 400_000);
var keys = Option("--keys", 10_000);
var partitions = Option("--partitions", 8);
var rounds = Option("--rounds", 3);
// librdkafka's default (100,000, as in Tuning) lets the embedded broker's fetch pacing cap any consumer, a bare
// Confluent.Kafka loop included, at about 145k records/s here: the count would measure the broker, not the pipelines.
var queuedMinMessages = Option("--queued-min-messages", 1_000_000);
var recoveryKeys = Option("--recovery-keys", 1_000_000);
var recoveryPartitions = Option("--recovery-partitions", 16);
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
var root = Path.Combine(Path.GetTempPath(), "faustgen-table-benchmarks-" + Environment.ProcessId);

using var cluster = EmbeddedKafkaCluster.Start(1, "tables");
var consumer = new Dictionary<string, string>(Tuning.Consumer, StringComparer.Ordinal) { ["queued.min.messages"] = queuedMinMessages.ToString(CultureInfo.InvariantCulture) };
var endpoint = new Endpoint(cluster.BootstrapServers, cluster.BrokerUrl, consumer);
Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} cores, one embedded broker; a warm-up round, then {rounds} rounds; the tables show the median.");
try
{
    if (only is null or not "recovery")
    {
        await CountAsync();
    }

    if (only is null or "recovery")
    {
        await RecoveryAsync();
    }
}
finally
{
    if (Directory.Exists(root))
    {
        Directory.Delete(root, recursive: true);
    }
}

return 0;

async Task CountAsync()
{
    cluster.CreateTopic("input", partitions);
    Topics.Produce(cluster.BootstrapServers, "input", partitions, events, i => (Utf8($"k{i % keys}"), "\"x\""u8.ToArray()));
    Console.WriteLine($"Count by key: {events:N0} events over {keys:N0} keys in topic 'input' ({partitions} partitions).");
    ICountPipeline[] pipelines = [new FaustGenCount("memory://"), new FaustGenCount("rocksdb://"), new StreamizCount((topic, count) => cluster.CreateTopic(topic, count), partitions)];
    pipelines = [.. pipelines.Where(p => only is null or "count" || Slug(p.Name).Contains(only, StringComparison.Ordinal))];
    Console.WriteLine($"Consumer settings of both: Tuning's, with queued.min.messages={queuedMinMessages}.");
    var rates = pipelines.ToDictionary(p => p.Name, _ => new List<double>());
    // Round 0 warms up (the JIT, the clients' code shared by all pipelines) and is not counted.
    for (var round = 0; round <= rounds; round++)
    {
        foreach (var pipeline in pipelines)
        {
            var (rate, processing, startup) = await CountOnceAsync(pipeline, $"count-r{round}-{Slug(pipeline.Name)}");
            if (round > 0)
            {
                rates[pipeline.Name].Add(rate);
            }

            Console.WriteLine($"{(round == 0 ? "warm-up" : $"round {round}")}: {pipeline.Name,-34} {rate,10:N0} events/s  (first event to full changelog {processing.TotalSeconds:F2} s, startup {startup.TotalMilliseconds:N0} ms)");
        }
    }

    var streamiz = rates.Keys.FirstOrDefault(n => n.StartsWith("Streamiz", StringComparison.Ordinal)) is { } name ? Median(rates[name]) : double.NaN;
    Console.WriteLine();
    Console.WriteLine("| Pipeline | events/s | vs. Streamiz |");
    Console.WriteLine("|---|---:|---:|");
    foreach (var (pipeline, runs) in rates)
    {
        Console.WriteLine($"| {pipeline} | {Median(runs):N0} | {Median(runs) / streamiz:F2}x |");
    }

    Console.WriteLine();
}

// From the first event the pipeline counts to the moment its changelog holds a record for every event (both write
// one per update), observed from outside; then the changelog is read back and every key's last count checked.
async Task<(double Rate, TimeSpan Processing, TimeSpan Startup)> CountOnceAsync(ICountPipeline pipeline, string appId)
{
    var progress = new Progress();
    var started = Stopwatch.GetTimestamp();
    long done;
    string changelog;
    Func<byte[], byte[], (string, long)> decode;
    await using (var counting = await pipeline.StartAsync(endpoint, appId, Path.Combine(root, appId), progress))
    {
        changelog = counting.Changelog;
        decode = counting.Decode;
        done = await Topics.WaitForRecordsAsync(cluster.BootstrapServers, changelog, partitions, events);
    }

    var (latest, records) = Topics.ReadLatest(cluster.BootstrapServers, changelog, partitions, decode);
    var wrong = Enumerable.Range(0, keys).Count(k => !latest.TryGetValue($"k{k}", out var count) || count != events / keys + (k < events % keys ? 1 : 0));
    if (wrong > 0 || latest.Count != keys || records != events)
    {
        throw new InvalidOperationException($"{pipeline.Name}: {wrong} of {keys} keys end with a wrong count ({latest.Count} keys, {records} changelog records for {events} events).");
    }

    var processing = Stopwatch.GetElapsedTime(progress.FirstConsumed, done);
    return (events / processing.TotalSeconds, processing, Stopwatch.GetElapsedTime(started, progress.FirstConsumed));
}

async Task RecoveryAsync()
{
    // A changelog of recoveryKeys distinct keys (short keys and values, spread so no partition nears the broker's cap),
    // replayed by a fresh worker of app 'recovery' with FaustGen's default settings.
    var changelog = "recovery-counts-changelog";
    cluster.CreateTopic(changelog, recoveryPartitions);
    cluster.CreateTopic("recovery-input", recoveryPartitions);
    Topics.Produce(cluster.BootstrapServers, changelog, recoveryPartitions, recoveryKeys,
        i => (Utf8($"key-{i:D8}"), Utf8((i % 1000).ToString(CultureInfo.InvariantCulture))), i => i % recoveryPartitions);
    var expectedSum = Enumerable.Range(0, recoveryKeys).Sum(i => (long)(i % 1000));
    Console.WriteLine($"Recovery: a table of {recoveryKeys:N0} keys from its changelog ({recoveryPartitions} partitions), from assignment to the table being ready.");
    var stores = new[] { "rocksdb://", "memory://" };
    var seconds = stores.ToDictionary(s => s, _ => new List<double>());
    for (var round = 1; round <= rounds; round++)
    {
        foreach (var store in stores)
        {
            var elapsed = await RecoverOnceAsync(store, Path.Combine(root, $"recovery-r{round}-{Slug(store)}"), expectedSum);
            seconds[store].Add(elapsed);
            Console.WriteLine($"round {round}: {store,-12} {recoveryKeys / elapsed,10:N0} records/s  ({elapsed:F2} s)");
        }
    }

    Console.WriteLine();
    Console.WriteLine("| Store | records | seconds | records/s |");
    Console.WriteLine("|---|---:|---:|---:|");
    foreach (var (store, runs) in seconds)
    {
        var median = runs.Order().ElementAt(runs.Count / 2);
        Console.WriteLine($"| {store} | {recoveryKeys:N0} | {median:F2} | {recoveryKeys / median:N0} |");
    }
}

async Task<double> RecoverOnceAsync(string store, string directory, long expectedSum)
{
    var app = new CountApp("recovery", cluster.BrokerUrl, store, directory, "recovery-input", new Dictionary<string, string>());
    if (Environment.GetEnvironmentVariable("BENCH_LOG") is not null)
    {
        app.LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => Microsoft.Extensions.Logging.ConsoleLoggerExtensions.AddConsole(b));
    }

    // From the assignment (the start of recovery) to its end: the app's start and group join are not recovery.
    await using (app)
    {
        await app.StartAsync();
        await WaitAsync(() => app.Assignment.Count == recoveryPartitions);
        var start = Stopwatch.GetTimestamp();
        await WaitAsync(() => app.Recovery.IsComplete);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var (count, sum) = (app.Counts.Count, app.Counts.Sum(c => c.Value));
        return count == recoveryKeys && sum == expectedSum
            ? elapsed
            : throw new InvalidOperationException($"{store}: recovered {count} of {recoveryKeys} keys, values summing to {sum} rather than {expectedSum}.");
    }
}

static async Task WaitAsync(Func<bool> condition)
{
    var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 600;
    while (!condition())
    {
        if (Stopwatch.GetTimestamp() > deadline)
        {
            throw new TimeoutException("A benchmark run did not finish within 10 minutes.");
        }

        await Task.Delay(1);
    }
}

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

static string Slug(string name) => new([.. name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);

static double Median(List<double> runs) => runs.Order().ElementAt(runs.Count / 2);
