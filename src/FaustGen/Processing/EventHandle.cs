namespace FaustGen.Processing;

/// <summary>What acknowledging one delivered event takes: its partition's tracker and its sequence there, and for an
/// event held back by a retry, the hold it settles.</summary>
internal readonly record struct EventHandle(PartitionTracker? Tracker, long Sequence, HoldRun? Hold = null)
{
    /// <summary>Acknowledges the event once (a handle without tracker, as in tests of bare values, does nothing), and
    /// settles the hold it was retried under.</summary>
    public void Ack()
    {
        Tracker?.Ack(Sequence);
        Hold?.Settle();
    }
}
