using FaustGen.Processing;
using FaustGen.Transport;

namespace FaustGen;

/// <summary>An event an actor takes from its agent's holds instead of its inbox: an attempt again, an event that waited
/// behind one, or one whose retries in place are spent.</summary>
internal readonly record struct HeldEvent(AssignedPartition Partition, ConsumedRecord Record, EventHandle Handle, int Attempt, bool GivenUp);
