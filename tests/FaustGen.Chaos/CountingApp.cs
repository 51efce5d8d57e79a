namespace FaustGen.Chaos;

/// <summary>
/// The app under test: every event adds one to its key's count in table <c>counts</c> and sends the new count to
/// topic <c>counted</c>. A lost event shows as a count too low in the table, its changelog and the output; an event
/// counted twice as a count too high (and, in the output, a count sent twice).
/// </summary>
[App("chaos", ValueSerializer = "json")]
public sealed partial class CountingApp
{
    private long processed;

    [Topic(Topics.Events)]
    public partial Topic<string, string> Events { get; }

    [Topic(Topics.Counted)]
    public partial Topic<string, long> Counted { get; }

    [Table(Topics.Table, Default = 0L)]
    public partial Table<string, long> Counts { get; }

    /// <summary>Events this worker has processed (an event processed again after a failure counts again).</summary>
    public long Processed => Interlocked.Read(ref processed);

    /// <summary>Counts one event of <paramref name="key"/>. The count goes out without waiting for the broker: a commit
    /// waits for it, and one that is lost makes the worker do the event again (a send awaited here that failed would be
    /// the agent's error, which its error policy skips).</summary>
    [Agent(Topics.Events)]
    public void Count(string key, string value)
    {
        var count = Counts[key] + 1;
        Counts[key] = count;
        Counted.SendSoon(key, count);
        Interlocked.Increment(ref processed);
    }
}

/// <summary>The names the harness and the app share.</summary>
internal static class Topics
{
    public const string Events = "events";
    public const string Counted = "counted";
    public const string Table = "counts";

    /// <summary>The changelog of table <c>counts</c> of app <paramref name="appId"/>.</summary>
    public static string Changelog(string appId) => $"{appId}-{Table}-changelog";
}
