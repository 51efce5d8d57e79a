namespace FaustGen.Processing;

/// <summary>What acknowledging one delivered event takes: its partition's tracker and its sequence there.</summary>
internal readonly record struct EventHandle(PartitionTracker? Tracker, long Sequence)
{
    /// <summary>Acknowledges the event once (a handle without tracker, as in tests of bare values, does nothing).</summary>
    public void Ack() => Tracker?.Ack(Sequence);
}
