using System.Diagnostics;
using Confluent.Kafka;
using FaustGen.Kafka.Embedded;

namespace FaustGen.Chaos;

using TopicPartition = Confluent.Kafka.TopicPartition;

/// <summary>
/// One run: an embedded cluster with transactions (three brokers when brokers fail), the workers of the counting app,
/// the feeder, and the churn: a worker killed every few seconds and replaced, and the brokers' faults. Once the feed
/// is over the churn stops, the survivors must process every event, and what they left is checked against the feeder.
/// </summary>
public static class ChaosRun
{
    private const string AppId = "chaos";

    /// <summary>Runs <paramref name="scenario"/>; <paramref name="progress"/> gets a line now and then.</summary>
    public static async Task<Outcome> RunAsync(Scenario scenario, TextWriter progress)
    {
        var brokers = scenario.Fault == BrokerFault.None ? 1 : 3;
        using var cluster = EmbeddedKafkaCluster.Start(brokers, transactions: true);
        cluster.CreateTopic(Topics.Events, scenario.Partitions, brokers);
        cluster.CreateTopic(Topics.Counted, scenario.Partitions, brokers);
        var dataRoot = Path.Combine(Path.GetTempPath(), "faustgen-chaos-" + Guid.NewGuid().ToString("N")[..8]);
        using var log = new RunLog(scenario.LogDirectory, scenario.Name);
        var crew = new Crew(scenario, cluster, AppId, dataRoot, log, brokers);
        var problems = new List<string>();
        try
        {
            using var run = new CancellationTokenSource(scenario.Duration + scenario.ConvergeTimeout + TimeSpan.FromMinutes(2));
            await crew.StartAllAsync(run.Token);
            await UntilAsync(() => crew.Live.Sum(w => w.App.Assignment.Count) == scenario.Partitions, TimeSpan.FromSeconds(60), run.Token);

            var feeder = new Feeder(cluster.BootstrapServers, scenario);
            var faults = new Faults(scenario, cluster, log);
            using var churning = CancellationTokenSource.CreateLinkedTokenSource(run.Token);
            var feeding = feeder.RunAsync(new Random(scenario.Seed), run.Token);
            var churn = ChurnAsync(crew, new Random(unchecked((scenario.Seed * 31) + 1)), churning.Token);
            var faulting = faults.RunAsync(new Random(unchecked((scenario.Seed * 31) + 2)), churning.Token);
            var pause = MeasurePauseAsync(crew, feeding);
            await feeding;
            var fed = Stopwatch.GetTimestamp();
            await churning.CancelAsync();
            await churn;
            await faulting;
            progress.WriteLine($"  {scenario.Name}: fed {feeder.Sent} events, {crew.Kills} kills; converging");
            log.Note("feed over; converging");

            var expected = feeder.Delivered;
            var ends = await TopicContents.EndsAsync(cluster.BootstrapServers, Enumerable.Range(0, scenario.Partitions).Select(p => new TopicPartition(Topics.Events, p)), IsolationLevel.ReadUncommitted);
            var converged = await ConvergeAsync(crew, cluster.BootstrapServers, scenario, ends, run.Token);
            var convergeTime = Stopwatch.GetElapsedTime(fed);
            log.Note(converged ? "converged" : "did not converge");
            if (!converged)
            {
                problems.AddRange(await StuckPartitionsAsync(cluster.BootstrapServers, scenario));
            }

            // The table as the survivors hold it; then they stop, committing what they did.
            var table = converged ? await ReadTableAsync(crew, scenario, problems, run.Token) : [];

            await crew.StopLiveAsync();
            var isolation = scenario.Guarantee == ProcessingGuarantee.ExactlyOnce ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted;
            if (isolation == IsolationLevel.ReadCommitted)
            {
                // Transactions the lost workers left open are aborted when they time out: until then readers stop before them.
                await UntilStableAsync(cluster.BootstrapServers, scenario, run.Token);
            }

            var changelog = TopicContents.Read(cluster.BootstrapServers, Topics.Changelog(AppId), scenario.Partitions, isolation)
                .ToDictionary(e => e.Key, e => e.Value[^1] ?? 0, StringComparer.Ordinal);
            var output = TopicContents.Read(cluster.BootstrapServers, Topics.Counted, scenario.Partitions, isolation);
            var hung = await crew.DisposeAllAsync();
            problems.AddRange(hung.Select(w => $"worker {w} did not finish disposing in 120 s"));
            var outcome = new Outcome(scenario)
            {
                Events = expected.Values.Sum(),
                FeedFailed = feeder.Failed,
                Kills = crew.Kills,
                Faults = faults.Count,
                FailedWorkers = crew.Failures,
                Converged = converged,
                ConvergeTime = convergeTime,
                LongestPause = await pause,
                LongestStop = crew.LongestStop,
                Table = Compare(expected, table),
                Changelog = Compare(expected, changelog),
                Output = CompareOutput(expected, output, exact: scenario.Guarantee == ProcessingGuarantee.ExactlyOnce),
                Problems = problems,
                LogPath = log.Path,
            };
            log.Note(outcome.ToString());
            return outcome;
        }
        finally
        {
            await crew.DisposeAllAsync();
            if (Directory.Exists(dataRoot))
            {
                Directory.Delete(dataRoot, recursive: true);
            }
        }
    }

    private static async Task ChurnAsync(Crew crew, Random random, CancellationToken cancellationToken)
    {
        var scenario = crew.Scenario;
        try
        {
            while (true)
            {
                var wait = scenario.KillEveryMin + ((scenario.KillEveryMax - scenario.KillEveryMin) * random.NextDouble());
                await Task.Delay(wait, cancellationToken);
                await crew.KillOneAsync(random, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The feed is over.
        }
    }

    /// <summary>The longest time, while the feed runs, in which no event was processed.</summary>
    private static async Task<TimeSpan> MeasurePauseAsync(Crew crew, Task feeding)
    {
        var longest = TimeSpan.Zero;
        var last = crew.Processed;
        var since = Stopwatch.GetTimestamp();
        while (!feeding.IsCompleted)
        {
            await Task.Delay(10);
            var now = crew.Processed;
            if (now != last)
            {
                (last, since) = (now, Stopwatch.GetTimestamp());
            }
            else if (Stopwatch.GetElapsedTime(since) > longest)
            {
                longest = Stopwatch.GetElapsedTime(since);
            }
        }

        return longest;
    }

    /// <summary>The survivors' tables, read while their assignment stays as it was (a rebalance under way moves
    /// partitions, and a partition in between is in nobody's table).</summary>
    private static async Task<Dictionary<string, long>> ReadTableAsync(Crew crew, Scenario scenario, List<string> problems, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var live = crew.Live;
            var before = Assignments(live);
            var table = new Dictionary<string, long>(StringComparer.Ordinal);
            var twice = new List<string>();
            foreach (var worker in live)
            {
                foreach (var (key, count) in worker.App.Counts)
                {
                    if (!table.TryAdd(key, count))
                    {
                        twice.Add(key);
                    }
                }
            }

            if (Assignments(live) == before && live.Sum(w => w.App.Assignment.Count) == scenario.Partitions && live.All(w => w.App.Recovery.IsComplete))
            {
                problems.AddRange(twice.Select(key => $"key {key} is in the table of two workers"));
                return table;
            }

            if (attempt == 100)
            {
                problems.Add("the survivors' assignment did not stay the same while their tables were read");
                return table;
            }

            await Task.Delay(200, cancellationToken);
        }

        static string Assignments(IReadOnlyList<Worker> workers) =>
            string.Join(";", workers.Select(w => w.Name + ":" + string.Join(",", w.App.Assignment.OrderBy(p => p.Partition))));
    }

    /// <summary>Waits until the group has committed the end of every source partition and the survivors hold every
    /// partition, rebuilt, each some (the group has settled); false when they do not in time.</summary>
    private static async Task<bool> ConvergeAsync(Crew crew, string bootstrapServers, Scenario scenario, Dictionary<TopicPartition, long> ends, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(scenario.ConvergeTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var live = crew.Live;
            if (live.Count == scenario.Workers && live.All(w => w.App.State == AppState.Running && w.App.Recovery.IsComplete && w.App.Assignment.Count > 0) &&
                live.Sum(w => w.App.Assignment.Count) == scenario.Partitions)
            {
                try
                {
                    var committed = TopicContents.Committed(bootstrapServers, AppId, Topics.Events, scenario.Partitions);
                    if (Enumerable.Range(0, scenario.Partitions).All(p => committed[p] >= ends[new TopicPartition(Topics.Events, p)]))
                    {
                        return true;
                    }
                }
                catch (KafkaException)
                {
                    // Asked again.
                }
            }

            await Task.Delay(250, cancellationToken);
        }

        return false;
    }

    /// <summary>What held the survivors back, as the cluster shows it: partitions of the changelog and the output whose last
    /// stable offset stays below their end (a transaction nobody ends), and source partitions not committed to their end.</summary>
    private static async Task<List<string>> StuckPartitionsAsync(string bootstrapServers, Scenario scenario)
    {
        var partitions = Enumerable.Range(0, scenario.Partitions)
            .SelectMany(p => new[] { new TopicPartition(Topics.Counted, p), new TopicPartition(Topics.Changelog(AppId), p) })
            .ToList();
        try
        {
            var stable = await TopicContents.EndsAsync(bootstrapServers, partitions, IsolationLevel.ReadCommitted);
            var high = await TopicContents.EndsAsync(bootstrapServers, partitions, IsolationLevel.ReadUncommitted);
            var committed = TopicContents.Committed(bootstrapServers, AppId, Topics.Events, scenario.Partitions);
            var ends = await TopicContents.EndsAsync(bootstrapServers, Enumerable.Range(0, scenario.Partitions).Select(p => new TopicPartition(Topics.Events, p)), IsolationLevel.ReadUncommitted);
            return
            [
                .. partitions.Where(p => stable[p] < high[p]).Select(p => $"{p.Topic}[{p.Partition}] stable at {stable[p]} of {high[p]}"),
                .. Enumerable.Range(0, scenario.Partitions).Where(p => committed[p] < ends[new TopicPartition(Topics.Events, p)])
                    .Select(p => $"{Topics.Events}[{p}] committed {committed[p]} of {ends[new TopicPartition(Topics.Events, p)]}"),
            ];
        }
        catch (KafkaException ex)
        {
            return [$"the partitions could not be inspected: {ex.Message}"];
        }
    }

    /// <summary>Waits until no transaction is open on the output and the changelog (their last stable offsets reach their ends).</summary>
    private static async Task UntilStableAsync(string bootstrapServers, Scenario scenario, CancellationToken cancellationToken)
    {
        var partitions = Enumerable.Range(0, scenario.Partitions)
            .SelectMany(p => new[] { new TopicPartition(Topics.Counted, p), new TopicPartition(Topics.Changelog(AppId), p) })
            .ToList();
        var deadline = Stopwatch.GetTimestamp() + (30 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var stable = await TopicContents.EndsAsync(bootstrapServers, partitions, IsolationLevel.ReadCommitted);
            var high = await TopicContents.EndsAsync(bootstrapServers, partitions, IsolationLevel.ReadUncommitted);
            if (partitions.All(p => stable[p] >= high[p]))
            {
                return;
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"The workers did not share the partitions within {timeout.TotalSeconds} s of starting.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private static Deviation Compare(IReadOnlyDictionary<string, long> expected, Dictionary<string, long> actual)
    {
        long lost = 0, duplicated = 0;
        int lostKeys = 0, duplicatedKeys = 0;
        var examples = new List<string>();
        foreach (var key in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
        {
            var difference = actual.GetValueOrDefault(key) - expected.GetValueOrDefault(key);
            if (difference < 0)
            {
                lost -= difference;
                lostKeys++;
            }
            else if (difference > 0)
            {
                duplicated += difference;
                duplicatedKeys++;
            }

            if (difference != 0 && examples.Count < 3)
            {
                examples.Add($"{key}: {actual.GetValueOrDefault(key)} for {expected.GetValueOrDefault(key)}");
            }
        }

        return new Deviation(lost, lostKeys, duplicated, duplicatedKeys, string.Join(", ", examples));
    }

    /// <summary>
    /// Exactly once, each key's output holds its counts 1 to n, each once: one missing is a lost event, one more record a
    /// duplicate. At least once, each event makes at least one record: fewer than n records is a loss. (Not every count
    /// need show: an event whose changelog write got through but whose output did not is counted again, and its second
    /// count goes out instead.)
    /// </summary>
    private static Deviation CompareOutput(IReadOnlyDictionary<string, long> expected, Dictionary<string, List<long?>> output, bool exact)
    {
        long lost = 0, duplicated = 0;
        int lostKeys = 0, duplicatedKeys = 0;
        var examples = new List<string>();
        foreach (var key in expected.Keys.Union(output.Keys).Order(StringComparer.Ordinal))
        {
            var count = expected.GetValueOrDefault(key);
            var values = output.GetValueOrDefault(key) ?? [];
            var present = exact ? values.Where(v => v >= 1 && v <= count).Distinct().Count() : Math.Min(count, values.Count);
            var missing = count - present;
            var extra = values.Count - present;
            if (missing > 0)
            {
                lost += missing;
                lostKeys++;
            }

            if (extra > 0)
            {
                duplicated += extra;
                duplicatedKeys++;
            }

            if ((missing > 0 || extra > 0) && examples.Count < 3)
            {
                examples.Add($"{key}: {string.Join(' ', values.Take(40))}{(values.Count > 40 ? " ..." : string.Empty)} for {count}");
            }
        }

        return new Deviation(lost, lostKeys, duplicated, duplicatedKeys, string.Join(", ", examples));
    }
}
