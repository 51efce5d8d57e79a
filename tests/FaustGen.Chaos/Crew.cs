using FaustGen.Kafka.Embedded;

namespace FaustGen.Chaos;

/// <summary>
/// The workers of a run, by slot, and what a supervisor does with them: starts them (again, when a start fails),
/// kills one when told, starts its replacement, and restarts a worker that ended Failed by itself.
/// </summary>
internal sealed class Crew(Scenario scenario, EmbeddedKafkaCluster cluster, string appId, string dataRoot, RunLog log, int replicationFactor)
{
    private static readonly TimeSpan DisposeLimit = TimeSpan.FromSeconds(120);

    private readonly Worker?[] live = new Worker?[scenario.Workers];
    private readonly int[] incarnations = new int[scenario.Workers];
    private readonly List<Worker> all = [];
    private readonly List<(Worker Worker, Task Disposal)> disposals = [];
    private readonly List<string> failures = [];
    private readonly SemaphoreSlim slots = new(1, 1);
    private int kills;
    private volatile bool stopping;

    public Scenario Scenario => scenario;

    /// <summary>Workers killed by the harness.</summary>
    public int Kills => Volatile.Read(ref kills);

    /// <summary>Workers that ended Failed without being killed, and why.</summary>
    public IReadOnlyList<string> Failures
    {
        get
        {
            lock (failures)
            {
                return [.. failures];
            }
        }
    }

    /// <summary>Events processed by every incarnation so far.</summary>
    public long Processed
    {
        get
        {
            lock (all)
            {
                return all.Sum(w => w.App.Processed);
            }
        }
    }

    /// <summary>The workers running now.</summary>
    public IReadOnlyList<Worker> Live
    {
        get
        {
            lock (all)
            {
                return [.. live.OfType<Worker>()];
            }
        }
    }

    /// <summary>The longest time a cut-off worker took to dispose.</summary>
    public TimeSpan LongestStop
    {
        get
        {
            lock (all)
            {
                return all.Select(w => w.StopTime ?? TimeSpan.Zero).DefaultIfEmpty().Max();
            }
        }
    }

    /// <summary>Starts every slot.</summary>
    public Task StartAllAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, scenario.Workers).Select(slot => StartAsync(slot, cancellationToken)));

    /// <summary>Kills a live worker chosen by <paramref name="random"/> the scenario's way and starts its replacement.</summary>
    public async Task KillOneAsync(Random random, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        try
        {
            var candidates = Enumerable.Range(0, live.Length).Where(s => live[s] is not null).ToList();
            if (candidates.Count == 0)
            {
                return;
            }

            var slot = candidates[random.Next(candidates.Count)];
            var victim = live[slot]!;
            victim.Killed = true;
            lock (all)
            {
                live[slot] = null;
            }

            Interlocked.Increment(ref kills);
            log.Note($"kill {victim.Name} ({scenario.Kill})");
            switch (scenario.Kill)
            {
                case KillStyle.Isolate:
                    cluster.Isolate(victim.App.Settings.ClientId);
                    var disposal = Track(victim);
                    if (scenario.Store == StoreKind.RocksDb)
                    {
                        // Its successor reuses its data directory, which is free once it has gone.
                        await disposal.WaitAsync(DisposeLimit, CancellationToken.None);
                    }

                    break;
                case KillStyle.Abandon:
                    cluster.Isolate(victim.App.Settings.ClientId);
                    break;
                case KillStyle.Graceful:
                    await victim.DisposeAsync().WaitAsync(DisposeLimit, CancellationToken.None);
                    break;
            }

            // Once a worker is killed its replacement starts, even when the churn is over meanwhile.
            await StartAsync(slot, CancellationToken.None);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>Stops the live workers gracefully (committing what they did); the supervisor restarts nothing more.</summary>
    public async Task StopLiveAsync()
    {
        stopping = true;
        await slots.WaitAsync();
        try
        {
            await Task.WhenAll(Live.Select(w => w.DisposeAsync().WaitAsync(DisposeLimit)));
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>Disposes every worker still around (the abandoned ones too) and waits for disposals under way;
    /// returns the names of workers whose disposal did not finish in time (a hang).</summary>
    public async Task<List<string>> DisposeAllAsync()
    {
        stopping = true;
        List<Worker> left;
        lock (all)
        {
            left = [.. all.Where(w => w.StopTime is null && !disposals.Exists(d => d.Worker == w))];
        }

        foreach (var worker in left)
        {
            _ = Track(worker);
        }

        List<(Worker Worker, Task Disposal)> pending;
        lock (disposals)
        {
            pending = [.. disposals];
        }

        var hung = new List<string>();
        foreach (var (worker, disposal) in pending)
        {
            try
            {
                await disposal.WaitAsync(DisposeLimit);
            }
            catch (TimeoutException)
            {
                hung.Add(worker.Name);
                if (hung.Count == 1 && log.Path is { } path)
                {
                    var stacks = System.IO.Path.ChangeExtension(path, ".stacks.txt");
                    log.Note($"{worker.Name} did not finish disposing in {DisposeLimit.TotalSeconds} s; stacks: {await StackDump.WriteAsync(stacks) ?? stacks}");
                }
            }
        }

        return hung;
    }

    private Task Track(Worker worker)
    {
        var disposal = worker.DisposeAsync();
        lock (disposals)
        {
            disposals.Add((worker, disposal));
        }

        return disposal;
    }

    /// <summary>Starts a new incarnation in <paramref name="slot"/>, trying again while the brokers refuse it.</summary>
    private async Task StartAsync(int slot, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var worker = new Worker(scenario, slot, incarnations[slot]++, cluster.BrokerUrl, appId, replicationFactor, dataRoot, log);
            lock (all)
            {
                all.Add(worker);
            }

            try
            {
                await worker.App.StartAsync(cancellationToken);
                lock (all)
                {
                    live[slot] = worker;
                }

                log.Note($"started {worker.Name}");
                _ = Task.Run(() => SuperviseAsync(worker), CancellationToken.None);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && attempt < 10)
            {
                log.Note($"{worker.Name} did not start ({ex.GetType().Name}: {ex.Message}); trying again");
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), cancellationToken);
            }
        }
    }

    /// <summary>Restarts <paramref name="worker"/>'s slot when it ends Failed by itself, as a process supervisor would.</summary>
    private async Task SuperviseAsync(Worker worker)
    {
        await worker.App.Completion.ContinueWith(static _ => { }, TaskScheduler.Default);
        if (worker.Killed || stopping || worker.App.State != AppState.Failed)
        {
            return;
        }

        lock (failures)
        {
            failures.Add(worker.Name);
        }

        log.Note($"{worker.Name} ended Failed by itself; restarting its slot");
        await slots.WaitAsync();
        try
        {
            if (!stopping && live[worker.Slot] == worker)
            {
                lock (all)
                {
                    live[worker.Slot] = null;
                }

                await StartAsync(worker.Slot, CancellationToken.None);
            }
        }
        finally
        {
            slots.Release();
        }
    }
}
