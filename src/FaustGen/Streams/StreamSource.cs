using FaustGen.Processing;

namespace FaustGen;

/// <summary>How a stream acknowledges the events it has moved past.</summary>
internal enum Acking
{
    /// <summary>When the next event is asked for (the default).</summary>
    OnNext,

    /// <summary>When the user calls <c>Ack</c> (<c>NoAck</c> streams).</summary>
    Manual,

    /// <summary>Held until the group they belong to is done (<c>Take</c>).</summary>
    Held,
}

/// <summary>
/// The iteration state one stream of an actor shares with every view of it (<c>Where</c>, <c>Items</c>, …):
/// the event it is at and the events it has handed out but not acknowledged. Each event goes through the agent's
/// middlewares when it is handed out, and they are told its outcome when it is settled.
/// </summary>
internal sealed class StreamSource<TKey, TValue>(Actor actor, InboxCursor cursor, Topic<TKey, TValue> topic, CancellationToken stop)
{
    private readonly List<AgentEvent.Snapshot> outstanding = [];
    private bool hasCurrent;
    private Acking currentAcking;

    public Actor Actor { get; } = actor;

    public AgentRunner Runner => Actor.Runner;

    /// <summary>The context events are processed in; a forwarder moves the source to a context of its own.</summary>
    public EventContext Context { get; set; } = actor.Context;

    public InboxCursor Cursor { get; } = cursor;

    public Topic<TKey, TValue> Topic { get; } = topic;

    public CancellationToken Stop { get; } = stop;

    /// <summary>Whether iteration ended because the agent stops.</summary>
    public bool Completed { get; private set; }

    public TValue CurrentValue { get; private set; } = default!;

    public TKey CurrentKey { get; private set; } = default!;

    public Event<TKey, TValue> CurrentEvent => new(CurrentKey, CurrentValue, Cursor.Record, Cursor.Handle);

    /// <summary>
    /// Settles the current event as <paramref name="acking"/> says and moves to the next one that decodes and passes
    /// <paramref name="filter"/>; false when the agent stops. Events that fail to decode go through the error policy.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="token"/> was cancelled (and the agent is not stopping).</exception>
    public async ValueTask<bool> NextAsync(Func<TValue, bool>? filter, bool readKey, Acking acking, CancellationToken token)
    {
        SettleCurrent();
        while (true)
        {
            bool moved;
            try
            {
                moved = await Cursor.MoveNextAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (Stop.IsCancellationRequested)
            {
                moved = false;
            }

            if (!moved)
            {
                Completed = true;
                return false;
            }

            var record = Cursor.Record;
            Context.Begin(Cursor);
            Context.Event.CancellationToken = Stop;
            try
            {
                // As for per-event agents: decoded before the middlewares see the event, failed after they have.
                Exception? undecodable = null;
                try
                {
                    CurrentKey = readKey ? AgentRunner.DecodePart(Topic.KeyCodec, record, record.Key, "key") : default!;
                    if (readKey)
                    {
                        Context.SetKey(CurrentKey);
                    }

                    CurrentValue = AgentRunner.DecodePart(Topic.ValueCodec, record, record.Value, "value");
                    Context.SetValue(CurrentValue);
                }
                catch (Exception ex)
                {
                    undecodable = ex;
                }

                if (!await Runner.Pipeline.BeginAsync(Context.Event).ConfigureAwait(false))
                {
                    Settle(EventOutcome.ShortCircuited);
                    continue;
                }

                if (undecodable is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(undecodable);
                }
            }
            catch (Exception ex)
            {
                var goOn = await Runner.OnErrorAsync(ex, Context).ConfigureAwait(false);
                Context.End();
                if (!goOn)
                {
                    Completed = true;
                    return false;
                }

                continue;
            }

            hasCurrent = true;
            currentAcking = acking;
            if (filter is not null && !filter(CurrentValue))
            {
                AckCurrent();
                continue;
            }

            return true;
        }
    }

    /// <summary>Acknowledges the current event unless its acknowledgement is left to the user or a group.</summary>
    public void SettleCurrent()
    {
        if (!hasCurrent)
        {
            return;
        }

        if (currentAcking == Acking.OnNext)
        {
            AckCurrent();
            return;
        }

        outstanding.Add(Context.Event.Capture());
        hasCurrent = false;

        // A held event stays the context's event until the next one begins: code handling a group from Take
        // changes tables and attaches sends on the group's last event.
        if (currentAcking != Acking.Held)
        {
            Context.End();
        }
    }

    /// <summary>Acknowledges the events held for a group (<c>Take</c>).</summary>
    public void AckHeld()
    {
        foreach (var held in outstanding)
        {
            SettleHeld(held);
        }

        outstanding.Clear();
    }

    /// <summary>Acknowledges an event handed out by a <c>NoAck</c> stream.</summary>
    public void AckManual(EventHandle handle)
    {
        if (hasCurrent && Cursor.Handle == handle && currentAcking == Acking.Manual)
        {
            AckCurrent();
            return;
        }

        var index = outstanding.FindIndex(o => o.Handle == handle);
        if (index < 0)
        {
            throw new InvalidOperationException("The event was already acknowledged, or it is not from this stream.");
        }

        var held = outstanding[index];
        outstanding.RemoveAt(index);
        SettleHeld(held);
    }

    /// <summary>
    /// Applies the agent's error policy to every event the stream had handed out and not acknowledged
    /// (the current one, those held by <c>Take</c>, those a <c>NoAck</c> loop did not acknowledge);
    /// returns whether the agent goes on, or null when there was no event to blame.
    /// </summary>
    public async ValueTask<bool?> FailAsync(Exception error)
    {
        if (hasCurrent)
        {
            outstanding.Add(Context.Event.Capture());
            hasCurrent = false;
        }

        if (outstanding.Count == 0)
        {
            return null;
        }

        foreach (var held in outstanding)
        {
            Context.Event.Restore(held);
            if (!await Runner.OnErrorAsync(error, Context).ConfigureAwait(false))
            {
                outstanding.Clear();
                Context.End();
                return false;
            }
        }

        outstanding.Clear();
        Context.End();
        return true;
    }

    /// <summary>The current event is processed: for a stream, processing an event lasts from handing it out until the loop
    /// asks for the next.</summary>
    private void AckCurrent()
    {
        hasCurrent = false;
        Settle(EventOutcome.Processed);
    }

    /// <summary>Acknowledges the event of the context and tells the middlewares how it ended.</summary>
    private void Settle(EventOutcome outcome)
    {
        Context.Ack(Cursor.Handle);
        Context.CountProcessed();
        Runner.Complete(Context, outcome);
        Context.End();
    }

    /// <summary>Settles an event held by <c>Take</c> or <c>NoAck</c>; the event in hand stays the context's.</summary>
    private void SettleHeld(in AgentEvent.Snapshot held)
    {
        var e = Context.Event;
        var current = e.Capture();
        e.Restore(held);
        Context.Ack(held.Handle);
        Context.CountProcessed();
        Runner.Complete(Context, EventOutcome.Processed);
        e.Restore(current);
    }
}
