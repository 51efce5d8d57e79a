using FaustGen.Transport;

namespace FaustGen.Processing;

/// <summary>
/// Keeps fetched events from piling up in front of agents, and holds back partitions whose tables are being rebuilt,
/// by pausing the group member on them. Poll thread only, but for the wake-up a draining partition sends.
/// </summary>
/// <remarks>
/// Back-pressure works in two steps. While partitions hold a full stream buffer, the loop waits for their agents instead
/// of polling more, at most a poll timeout (no longer than an idle poll takes); a partition still above half its buffer
/// then is paused until it drains. Pausing makes librdkafka drop what it fetched ahead for the partition and fetch it
/// again on resume: an agent that is only a little behind the poll loop must not pay that on every buffer.
/// </remarks>
internal sealed class BackPressure
{
    private readonly int bufferSize;
    private readonly TimeSpan wait;
    private readonly List<AssignedPartition> paused = [];
    // Partitions with a full stream buffer after the last poll: the loop waits for their agents before polling again.
    private readonly List<AssignedPartition> crowded = [];
    private readonly ManualResetEventSlim drained = new();
    private readonly Action wakeOnDrained;

    public BackPressure(int bufferSize, TimeSpan wait)
    {
        this.bufferSize = bufferSize;
        this.wait = wait;
        wakeOnDrained = () =>
        {
            drained.Set();
            Member?.Wake();
        };
    }

    /// <summary>The group member whose partitions are paused and resumed (replaced when the worker rejoins).</summary>
    public ITransportConsumer? Member { get; set; }

    /// <summary>A paused partition resumes once its outstanding events fall to half the stream buffer.</summary>
    private int ResumeBelow => bufferSize / 2;

    /// <summary>Events were just delivered for <paramref name="state"/>: a full buffer makes the loop wait before it polls again.</summary>
    public void OnDelivered(AssignedPartition state)
    {
        if (!state.Paused && state.Tracker.Outstanding >= bufferSize && !crowded.Contains(state))
        {
            crowded.Add(state);
            state.Tracker.NotifyWhenDrained(ResumeBelow, wakeOnDrained);
        }
    }

    /// <summary>After delivering a poll's records: waits for agents to make room, then pauses partitions still crowded.</summary>
    /// <param name="stopping">Whether the loop is stopping (it then waits no more).</param>
    public void WaitForRoom(Func<bool> stopping)
    {
        if (crowded.Count == 0)
        {
            return;
        }

        var deadline = Environment.TickCount64 + (long)wait.TotalMilliseconds;
        while (true)
        {
            drained.Reset();
            crowded.RemoveAll(s => s.Revoked || s.Tracker.Outstanding <= ResumeBelow);
            var left = deadline - Environment.TickCount64;
            if (crowded.Count == 0 || left <= 0 || stopping())
            {
                break;
            }

            drained.Wait((int)left);
        }

        if (crowded.Count > 0)
        {
            Member!.Pause([.. crowded.Select(s => s.TopicPartition)]);
            foreach (var state in crowded)
            {
                state.Paused = true;
                paused.Add(state);
                state.Tracker.NotifyWhenDrained(ResumeBelow, wakeOnDrained);
            }

            crowded.Clear();
        }
    }

    /// <summary>Before a poll: resumes paused partitions that drained (unless their tables are still being rebuilt).</summary>
    public void ResumeDrained()
    {
        for (var i = paused.Count - 1; i >= 0; i--)
        {
            var state = paused[i];
            if (state.Revoked)
            {
                paused.RemoveAt(i);
            }
            else if (state.Tracker.Outstanding <= ResumeBelow)
            {
                if (!state.RecoveryPaused && state.RetryHolds == 0)
                {
                    Member!.Resume([state.TopicPartition]);
                }

                state.Paused = false;
                paused.RemoveAt(i);
            }
        }
    }

    /// <summary>Pauses <paramref name="states"/> while their tables are rebuilt (once the member owns them, after the
    /// assignment callback).</summary>
    public void HoldForRecovery(List<AssignedPartition> states)
    {
        var pause = states.Where(s => s.Recovery is not null && !s.Revoked && !s.Paused).ToList();
        if (pause.Count > 0)
        {
            Member!.Pause([.. pause.Select(s => s.TopicPartition)]);
            foreach (var state in pause)
            {
                state.RecoveryPaused = true;
            }
        }
    }

    /// <summary>Resumes <paramref name="state"/> once its tables are rebuilt, unless back-pressure holds it.</summary>
    public void EndRecovery(AssignedPartition state)
    {
        if (state.RecoveryPaused)
        {
            state.RecoveryPaused = false;
            if (!state.Paused && !state.Revoked && state.RetryHolds == 0)
            {
                Member!.Resume([state.TopicPartition]);
            }
        }
    }

    /// <summary>Pauses <paramref name="state"/> while an agent holds it back for a retry: the loop goes on polling its other
    /// partitions, and records of this one stop arriving until every agent that holds it lets go.</summary>
    public void HoldForRetry(AssignedPartition state)
    {
        if (state.Revoked || Member is null)
        {
            return;
        }

        if (state.RetryHolds++ == 0 && !state.Paused && !state.RecoveryPaused)
        {
            Member.Pause([state.TopicPartition]);
        }
    }

    /// <summary>An agent no longer holds <paramref name="state"/> back: it resumes unless something else keeps it paused.</summary>
    public void EndRetry(AssignedPartition state)
    {
        if (state.RetryHolds == 0 || --state.RetryHolds > 0 || state.Revoked || Member is null)
        {
            return;
        }

        if (!state.Paused && !state.RecoveryPaused)
        {
            Member.Resume([state.TopicPartition]);
        }
    }

    /// <summary>Forgets every partition (the member is replaced: the new one starts with nothing paused).</summary>
    public void Reset()
    {
        paused.Clear();
        crowded.Clear();
    }
}
