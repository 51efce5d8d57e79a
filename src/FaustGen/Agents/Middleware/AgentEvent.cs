using System.Diagnostics;
using FaustGen.Processing;
using FaustGen.Transport;

namespace FaustGen;

/// <summary>
/// The event a middleware is called for: where it was read, its bytes and headers, its decoded key and value, and which
/// attempt at it this is. One instance per actor is reused from event to event, so reading it allocates nothing; keep
/// what you need of it, not the instance.
/// </summary>
public sealed class AgentEvent
{
    private readonly EventContext context;

    internal AgentEvent(EventContext context, string agent)
    {
        this.context = context;
        Agent = agent;
    }

    /// <summary>The agent's name.</summary>
    public string Agent { get; }

    /// <summary>The message as read: topic, partition, offset, timestamp, key and value bytes, headers.</summary>
    public ConsumedRecord Message { get; private set; }

    /// <summary>The topic the event was read from (an agent's retry topic for an event retried through one).</summary>
    public string Topic => Message.Topic;

    /// <summary>The partition the event was read from.</summary>
    public int Partition => Message.Partition;

    /// <summary>The event's offset in its partition.</summary>
    public long Offset => Message.Offset;

    /// <summary>The event's timestamp.</summary>
    public DateTimeOffset Timestamp => Message.Timestamp;

    /// <summary>The event's headers, or null.</summary>
    public MessageHeaders? Headers => Message.Headers;

    /// <summary>Which attempt in place this is: 1 the first time the agent sees the event here, 2 after one retry, …</summary>
    public int Attempt { get; internal set; } = 1;

    /// <summary>The error of the attempt that failed (in <see cref="AgentMiddleware.OnErrorAsync"/> and
    /// <see cref="AgentMiddleware.OnCompleted"/>), else null.</summary>
    public Exception? Error { get; internal set; }

    /// <summary>Cancelled when the agent stops.</summary>
    public CancellationToken CancellationToken { get; internal set; }

    /// <summary>What acknowledges the event.</summary>
    internal EventHandle Handle { get; private set; }

    /// <summary>The partition the event belongs to while it is assigned, or null for an event not read from one.</summary>
    internal AssignedPartition? State { get; private set; }

    /// <summary>Whether the event's attempts in place are spent: it goes where spent retries go, without asking again.</summary>
    internal bool GivenUp { get; private set; }

    /// <summary>How many middlewares' <see cref="AgentMiddleware.OnEventAsync"/> ran for this attempt: those are completed.</summary>
    internal int Entered { get; set; }

    /// <summary>The consumer span of this attempt, when tracing is on.</summary>
    internal Activity? Span { get; set; }

    /// <summary>When this attempt began (a <see cref="Stopwatch"/> timestamp), when durations are recorded; else 0.</summary>
    internal long Started { get; set; }

    /// <summary>The decoded value, once it is decoded and when it is a <typeparamref name="T"/>.</summary>
    public bool TryGetValue<T>(out T value) => context.TryGetValue(out value);

    /// <summary>The decoded key, when the agent reads keys and it is a <typeparamref name="T"/>.</summary>
    public bool TryGetKey<T>(out T key) => context.TryGetKey(out key);

    /// <inheritdoc/>
    public override string ToString() => $"{Agent}: {Message.Topic}[{Message.Partition}]@{Message.Offset} (attempt {Attempt})";

    /// <summary>Points this instance at a new attempt at <paramref name="record"/>.</summary>
    internal void Begin(in ConsumedRecord record, EventHandle handle, AssignedPartition? state, int attempt, bool givenUp)
    {
        Message = record;
        Handle = handle;
        State = state;
        Attempt = attempt;
        GivenUp = givenUp;
        Error = null;
        Entered = 0;
        Span = null;
        Started = 0;
    }

    /// <summary>What this instance says of the attempt, to settle it later (a stream's event held by <c>Take</c> or <c>NoAck</c>).</summary>
    internal Snapshot Capture() => new(Message, Handle, State, Attempt, GivenUp, Entered, Span, Started);

    /// <summary>Points this instance back at an attempt <see cref="Capture"/> kept.</summary>
    internal void Restore(in Snapshot attempt)
    {
        Begin(attempt.Record, attempt.Handle, attempt.State, attempt.Number, attempt.GivenUp);
        Entered = attempt.Entered;
        Span = attempt.Span;
        Started = attempt.Started;
    }

    /// <summary>An attempt at an event as <see cref="Capture"/> keeps it.</summary>
    internal readonly record struct Snapshot(
        ConsumedRecord Record, EventHandle Handle, AssignedPartition? State, int Number, bool GivenUp, int Entered, Activity? Span, long Started);
}
