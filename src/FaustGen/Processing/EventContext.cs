using System.Diagnostics;
using FaustGen.Transport;

namespace FaustGen.Processing;

/// <summary>
/// The event an agent's actor is processing, visible to the code it calls (tables, <c>SendAttached</c>).
/// Each actor sets its context once, as an async-local, when it starts; moving to the next event only
/// changes fields of it, so this costs no allocation per event.
/// </summary>
internal sealed class EventContext
{
    private static readonly AsyncLocal<EventContext?> CurrentContext = new();

    private List<(EventHandle Handle, ITopic Target, OutgoingMessage Message)>? attached;
    private object? value;
    private object? key;
    private long processed;
    // Numbers the events begun, so that a slot holding a value of an earlier event is not read as this one's.
    private long stamp;

    public EventContext(AgentRunner agent)
    {
        Agent = agent;
        Event = new AgentEvent(this, agent.Name);
        agent.Track(this);
    }

    /// <summary>The context of the actor this code runs in, or null outside agents.</summary>
    public static EventContext? Current => CurrentContext.Value;

    public AgentRunner Agent { get; }

    /// <summary>What middlewares see of the event being processed.</summary>
    public AgentEvent Event { get; }

    /// <summary>The consumer span of the event being processed, when tracing is on.</summary>
    public Activity? Span => HasEvent ? Event.Span : null;

    /// <summary>Events this flow processed. Only this flow writes it, so it needs no atomic operation.</summary>
    public long Processed => Volatile.Read(ref processed);

    /// <summary>Whether an event is being processed.</summary>
    public bool HasEvent { get; private set; }

    /// <summary>The partition of the event being processed.</summary>
    public int Partition { get; private set; }

    /// <summary>The topic of the event being processed.</summary>
    public string Topic { get; private set; } = string.Empty;

    /// <summary>The offset of the event being processed.</summary>
    public long Offset { get; private set; }

    /// <summary>The timestamp of the event being processed (windowed tables file events under it).</summary>
    public DateTimeOffset Timestamp { get; private set; }

    public EventHandle Handle { get; private set; }

    /// <summary>Makes this context current for the calling flow (once per actor).</summary>
    public void Enter() => CurrentContext.Value = this;

    /// <summary>Begins the attempt the cursor is at.</summary>
    public void Begin(InboxCursor cursor) => Begin(cursor.Record, cursor.Handle, cursor.InFlight, cursor.Attempt, cursor.GivenUp);

    /// <summary>Begins attempt <paramref name="attempt"/> at <paramref name="record"/>.</summary>
    public void Begin(in ConsumedRecord record, EventHandle handle, AssignedPartition? state = null, int attempt = 1, bool givenUp = false)
    {
        stamp++;
        Event.Begin(record, handle, state, attempt, givenUp);
        Topic = record.Topic;
        Partition = record.Partition;
        Offset = record.Offset;
        Timestamp = record.Timestamp;
        Handle = handle;
        HasEvent = true;
    }

    public void End() => HasEvent = false;

    /// <summary>Keeps the decoded value of the event being processed, for windowed tables that take their time from a
    /// field of it. The slot is made once per value type, so keeping a value allocates nothing.</summary>
    public void SetValue<T>(T current) => Set(ref value, current);

    /// <summary>The decoded value of the event being processed, when it is a <typeparamref name="T"/>.</summary>
    public bool TryGetValue<T>(out T current) => TryGet(value, out current);

    /// <summary>Keeps the decoded key of the event being processed, for middlewares (a slot per key type, as for values).</summary>
    public void SetKey<T>(T current) => Set(ref key, current);

    /// <summary>The decoded key of the event being processed, when the agent reads keys and it is a <typeparamref name="T"/>.</summary>
    public bool TryGetKey<T>(out T current) => TryGet(key, out current);

    /// <summary>Counts one processed event.</summary>
    public void CountProcessed() => Volatile.Write(ref processed, processed + 1);

    /// <summary>Keeps <paramref name="message"/> until the current event is acknowledged.</summary>
    public void Attach(ITopic target, in OutgoingMessage message)
    {
        if (!HasEvent)
        {
            throw new InvalidOperationException("SendAttached needs an event being processed: call it from an agent.");
        }

        (attached ??= []).Add((Handle, target, message));
    }

    /// <summary>Drops what was attached to the event <paramref name="handle"/> (it failed).</summary>
    public void Discard(EventHandle handle) => attached?.RemoveAll(a => a.Handle == handle);

    /// <summary>
    /// Sends what was attached to the event <paramref name="handle"/>, then acknowledges it. Sending first means
    /// a commit that covers the event (commits flush the producer first) also covers those messages.
    /// </summary>
    public void Ack(EventHandle handle)
    {
        if (attached is { Count: > 0 })
        {
            for (var i = 0; i < attached.Count; i++)
            {
                if (attached[i].Handle == handle)
                {
                    attached[i].Target.WriteSoon(attached[i].Message);
                    attached.RemoveAt(i--);
                }
            }
        }

        handle.Ack();
    }

    /// <summary>Keeps <paramref name="current"/> in <paramref name="slot"/> as the value of the event being processed.</summary>
    private void Set<T>(ref object? slot, T current)
    {
        if (slot is ValueSlot<T> typed)
        {
            typed.Value = current;
            typed.Stamp = stamp;
        }
        else
        {
            slot = new ValueSlot<T> { Value = current, Stamp = stamp };
        }
    }

    private bool TryGet<T>(object? slot, out T current)
    {
        if (HasEvent && slot is ValueSlot<T> typed && typed.Stamp == stamp)
        {
            current = typed.Value;
            return true;
        }

        current = default!;
        return false;
    }

    private sealed class ValueSlot<T>
    {
        public T Value = default!;
        public long Stamp;
    }
}
