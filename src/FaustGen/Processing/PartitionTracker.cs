using System.Diagnostics;
using FaustGen.Transport;

namespace FaustGen.Processing;

/// <summary>
/// At-least-once bookkeeping of one assigned partition: which delivered events are still being processed,
/// and so which offset may be committed. The committable offset only passes an event once every agent that
/// received it has acknowledged it, also when events finish out of order; it follows the offsets actually
/// delivered, so gaps (transaction markers, compaction) never stall it.
/// </summary>
/// <remarks>
/// Events are numbered by a per-tracker sequence; an event's slot in a power-of-two ring is its sequence
/// masked, so an acknowledgement is O(1) and allocates nothing.
/// </remarks>
internal sealed class PartitionTracker
{
    private readonly Lock gate = new();
    private long[] offsets = new long[256];
    private int[] pending = new int[256];
    private long head;
    private long tail;
    private long committable = -1;
    private bool closed;
    private int drainedAt = -1;
    private Action? onDrained;

    /// <summary>The offset to commit (the next one to read), or -1 when nothing has been processed yet.</summary>
    public long Committable
    {
        get
        {
            lock (gate)
            {
                return committable;
            }
        }
    }

    /// <summary>How many delivered events are not yet fully acknowledged.</summary>
    public int Outstanding
    {
        get
        {
            lock (gate)
            {
                return (int)(tail - head);
            }
        }
    }

    /// <summary>Whether the partition was released; acknowledgements then change nothing.</summary>
    public bool IsClosed => Volatile.Read(ref closed);

    /// <summary>
    /// Registers delivered <paramref name="records"/>, each awaiting <paramref name="receivers"/>
    /// acknowledgements, and returns the sequence of the first.
    /// </summary>
    public long Register(ReadOnlySpan<ConsumedRecord> records, int receivers)
    {
        lock (gate)
        {
            var first = tail;
            EnsureCapacity((int)(tail - head) + records.Length);
            var mask = offsets.Length - 1;
            foreach (ref readonly var record in records)
            {
                var slot = (int)(tail & mask);
                offsets[slot] = record.Offset;
                pending[slot] = receivers;
                tail++;
            }

            Advance();
            return first;
        }
    }

    /// <summary>Records one acknowledgement of the event numbered <paramref name="sequence"/>.</summary>
    public void Ack(long sequence)
    {
        lock (gate)
        {
            if (closed || sequence < head || sequence >= tail)
            {
                return;
            }

            var slot = (int)(sequence & (offsets.Length - 1));
            Debug.Assert(pending[slot] > 0, "An event was acknowledged more often than it was delivered.");
            if (pending[slot] > 0 && --pending[slot] == 0 && sequence == head)
            {
                Advance();
            }
        }
    }

    /// <summary>Calls <paramref name="callback"/> once, as soon as at most <paramref name="outstanding"/> events
    /// are outstanding (the poll loop resumes a paused partition then).</summary>
    public void NotifyWhenDrained(int outstanding, Action callback)
    {
        lock (gate)
        {
            if (tail - head <= outstanding)
            {
                callback();
                return;
            }

            drainedAt = outstanding;
            onDrained = callback;
        }
    }

    /// <summary>Releases the partition: later acknowledgements are ignored.</summary>
    public void Close()
    {
        lock (gate)
        {
            closed = true;
        }
    }

    private void Advance()
    {
        var mask = offsets.Length - 1;
        while (head < tail && pending[(int)(head & mask)] == 0)
        {
            committable = offsets[(int)(head & mask)] + 1;
            head++;
        }

        if (onDrained is not null && tail - head <= drainedAt)
        {
            var callback = onDrained;
            onDrained = null;
            callback();
        }
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= offsets.Length)
        {
            return;
        }

        var size = offsets.Length;
        while (size < needed)
        {
            size *= 2;
        }

        var newOffsets = new long[size];
        var newPending = new int[size];
        var oldMask = offsets.Length - 1;
        for (var s = head; s < tail; s++)
        {
            newOffsets[(int)(s & (size - 1))] = offsets[(int)(s & oldMask)];
            newPending[(int)(s & (size - 1))] = pending[(int)(s & oldMask)];
        }

        offsets = newOffsets;
        pending = newPending;
    }
}
