namespace FaustGen.Kafka;

/// <summary>
/// Lets one log entry of a kind through per interval and counts those it holds back. librdkafka reports a condition
/// again on every retry of every client: a broker that refuses connections made about 1,400 lines in 30 s; through
/// this, each kind (an error code or log facility on one broker) shows once per interval, with how often it recurred.
/// </summary>
internal sealed class LogThrottle(TimeSpan interval, TimeProvider clock)
{
    private readonly Dictionary<string, (DateTimeOffset Until, int Held)> kinds = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>The interval: at most one entry of a kind is logged in it.</summary>
    public TimeSpan Interval => interval;

    /// <summary>Whether an entry of kind <paramref name="kind"/> is logged now; if it is, <paramref name="held"/> is how
    /// many of its kind were held back since the last one logged.</summary>
    public bool TryPass(string kind, out int held)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (kinds.TryGetValue(kind, out var last) && now < last.Until)
            {
                kinds[kind] = (last.Until, last.Held + 1);
                held = 0;
                return false;
            }

            held = last.Held;
            kinds[kind] = (now + interval, 0);
            return true;
        }
    }
}
