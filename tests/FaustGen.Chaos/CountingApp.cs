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

    /// <summary>Counts one event of <paramref name="key"/>.</summary>
    [Agent(Topics.Events)]
    public async Task Count(string key, string value, CancellationToken cancellationToken)
    {
        var count = Counts[key] + 1;
        Counts[key] = count;
        await Counted.SendAsync(key, count, cancellationToken: cancellationToken);
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
