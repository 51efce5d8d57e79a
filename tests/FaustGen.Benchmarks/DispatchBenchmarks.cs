using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using FaustGen.Transport;
using FaustGen.Transport.Memory;

namespace FaustGen.Benchmarks;

/// <summary>
/// Per-event dispatch to an agent on the memory transport: poll, route, decode, call the agent, acknowledge.
/// Each iteration appends <see cref="Events"/> events to a one-partition topic while the agent is held at a gate,
/// then measures from opening the gate until the agent has processed them all; figures are per event
/// (OperationsPerInvoke). While held, the poll loop routes at most the stream buffer (4096) plus one poll
/// (2048) ahead, under 1% of the events. Allocation is measured process-wide: poll thread and actor included.
/// Every event goes through the built-in middlewares (tracing, metrics, error handling); <see cref="Middleware"/> adds a
/// user middleware that looks at every event, and <see cref="Tracing"/> a listener on the FaustGen activity source that
/// records every span, as an OpenTelemetry SDK sampling everything would.
/// </summary>
[MemoryDiagnoser]
public class DispatchBenchmarks
{
    private const int Events = 1_000_000;

    private static readonly byte[] Value = "12345"u8.ToArray();

    private MemoryBroker broker = null!;
    private App app = null!;
    private long processed;
    private long target;
    private volatile TaskCompletionSource? gate;
    private ActivityListener? listener;

    /// <summary>Whether the agent has a middleware of its own (a no-op before and after each event).</summary>
    [Params(false, true)]
    public bool Middleware { get; set; }

    /// <summary>Whether something listens to the FaustGen activity source, so that every event gets a consumer span.</summary>
    [Params(false, true)]
    public bool Tracing { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (Tracing)
        {
            listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "FaustGen",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            };
            ActivitySource.AddActivityListener(listener);
        }

        var name = $"bench-{Guid.NewGuid():N}";
        broker = MemoryBroker.Get(name);
        app = new BenchApp(this);
        app.Settings.Broker = "memory://" + name;
        app.Settings.TopicPartitions = 1;
        app.Settings.StreamBufferMaxSize = 4096;
        app.StartAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        app.StopAsync().GetAwaiter().GetResult();
        listener?.Dispose();
    }

    [IterationSetup]
    public void Fill()
    {
        gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (var i = 0; i < Events; i++)
        {
            broker.Append(new OutgoingMessage("numbers", 0, null, Value), 1);
        }

        target += Events;
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "event agent, one partition")]
    public void Dispatch()
    {
        gate!.SetResult();
        gate = null;
        var spin = new SpinWait();
        while (Volatile.Read(ref processed) < target)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    private sealed class BenchApp(DispatchBenchmarks owner) : App
    {
        private readonly DispatchBenchmarks bench = owner;

        protected override void Define(AppDefinition definition)
        {
            definition.Settings.Id = "dispatch-bench";
            var numbers = definition.Topic<byte[], long>("numbers");
            definition.EventAgent("sum", numbers, (e, _) =>
            {
                if (bench.gate is { } closed)
                {
                    return new ValueTask(closed.Task.ContinueWith(_ => bench.processed++, TaskScheduler.Default));
                }

                bench.processed++;
                return default;
            }, new AgentOptions { ReadsKey = false, Middlewares = bench.Middleware ? [new Passing()] : [] });
        }
    }

    /// <summary>A middleware that lets every event through and does nothing after it.</summary>
    private sealed class Passing : AgentMiddleware
    {
        public override ValueTask<bool> OnEventAsync(AgentEvent e) => new(true);

        public override void OnCompleted(AgentEvent e, EventOutcome outcome)
        {
        }
    }
}
