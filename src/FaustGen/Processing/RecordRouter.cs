using System.Runtime.InteropServices;
using FaustGen.Monitoring;
using FaustGen.Tables;
using FaustGen.Transport;

namespace FaustGen.Processing;

/// <summary>
/// Hands polled records to the agents (and derived streams) subscribed to their topics, a run of one partition at a
/// time, registering each with its partition's tracker first; records of a partition whose tables are being rebuilt
/// wait in the partition until the rebuild completes. Routing happens on the poll thread; subscribing from any.
/// </summary>
internal sealed class RecordRouter(Assignment assignment, BackPressure backPressure, AppMetrics metrics)
{
    private readonly Lock gate = new();
    private Dictionary<string, ISubscriber[]> routes = new(StringComparer.Ordinal);

    /// <summary>The topics routed to subscribers.</summary>
    public IReadOnlyCollection<string> Topics => [.. routes.Keys];

    /// <summary>Routes the records of <paramref name="topic"/> to <paramref name="subscriber"/> too; returns whether the
    /// topic is new to the app (the subscription must then change).</summary>
    public bool Subscribe(string topic, ISubscriber subscriber)
    {
        lock (gate)
        {
            var next = new Dictionary<string, ISubscriber[]>(routes, StringComparer.Ordinal);
            var isNew = !next.TryGetValue(topic, out var existing);
            next[topic] = [.. existing ?? [], subscriber];
            routes = next;
            return isNew;
        }
    }

    /// <summary>Delivers <paramref name="records"/>, in runs of one partition of at most a batch each.</summary>
    public void Route(ReadOnlySpan<ConsumedRecord> records)
    {
        var routing = routes;
        var start = 0;
        while (start < records.Length)
        {
            ref readonly var first = ref records[start];
            var end = start + 1;
            while (end < records.Length && end - start < RecordBatch.Capacity &&
                   records[end].Partition == first.Partition && string.Equals(records[end].Topic, first.Topic, StringComparison.Ordinal))
            {
                end++;
            }

            Dispatch(records[start..end], routing);
            start = end;
        }
    }

    /// <summary>The tables of <paramref name="recovery"/>'s partitions are rebuilt: the records they held go to agents.</summary>
    public void EndRecovery(PartitionRecovery recovery)
    {
        foreach (var state in assignment.All)
        {
            if (state.Recovery != recovery)
            {
                continue;
            }

            state.Recovery = null;
            if (!state.Revoked && state.TakeHeld() is { Count: > 0 } records)
            {
                Route(CollectionsMarshal.AsSpan(records));
            }

            backPressure.EndRecovery(state);
        }
    }

    private void Dispatch(ReadOnlySpan<ConsumedRecord> run, Dictionary<string, ISubscriber[]> routing)
    {
        var tp = new TopicPartition(run[0].Topic, run[0].Partition);
        if (!assignment.TryGet(tp, out var state) || state.Revoked)
        {
            return;
        }

        if (state.Recovery is not null)
        {
            // Fetched before the pause took effect: agents get it once the tables are rebuilt.
            state.Hold(run);
            return;
        }

        if (metrics.MessagesReceived.Enabled)
        {
            metrics.MessagesReceived.Add(run.Length, new KeyValuePair<string, object?>("topic", tp.Topic));
        }

        var subscribers = routing.TryGetValue(tp.Topic, out var found) ? found : [];
        var firstSequence = state.Tracker.Register(run, subscribers.Length);
        if (subscribers.Length > 0)
        {
            var batch = RecordBatch.Rent(state, run, firstSequence, subscribers.Length);
            foreach (var subscriber in subscribers)
            {
                subscriber.Deliver(batch);
            }
        }

        backPressure.OnDelivered(state);
    }
}
