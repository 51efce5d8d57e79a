using FaustGen.Processing;
using FaustGen.Transport;

namespace FaustGen;

/// <summary>One partition an agent holds back: the events of it that arrived behind the held one, in order, and what holds it.</summary>
internal sealed class PartitionHold(AssignedPartition partition)
{
    public AssignedPartition Partition { get; } = partition;

    public Queue<(ConsumedRecord Record, EventHandle Handle)> Parked { get; } = new();

    public HoldRun? Run { get; set; }
}
