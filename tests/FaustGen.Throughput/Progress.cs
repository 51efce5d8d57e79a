using System.Diagnostics;

namespace FaustGen.Throughput;

/// <summary>When a pipeline's transform saw its first message (a <see cref="Stopwatch"/> timestamp).</summary>
internal sealed class Progress
{
    private long firstConsumed;

    public long FirstConsumed => Volatile.Read(ref firstConsumed);

    /// <summary>Called by the transform for every message; only the first call writes.</summary>
    public void Consumed()
    {
        if (Volatile.Read(ref firstConsumed) == 0)
        {
            Interlocked.CompareExchange(ref firstConsumed, Stopwatch.GetTimestamp(), 0);
        }
    }
}
