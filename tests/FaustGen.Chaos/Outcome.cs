namespace FaustGen.Chaos;

/// <summary>How far one view of the counts (the table, the changelog, the output) is from the feeder's count.</summary>
/// <param name="Lost">Events missing: the sum over keys of how far each is below its count.</param>
/// <param name="LostKeys">Keys below their count.</param>
/// <param name="Duplicated">Events counted twice: the sum over keys of how far each is above its count.</param>
/// <param name="DuplicatedKeys">Keys above their count.</param>
/// <param name="Examples">A few keys that deviate, with what was expected and found, to start looking from.</param>
public readonly record struct Deviation(long Lost, int LostKeys, long Duplicated, int DuplicatedKeys, string Examples)
{
    public override string ToString() =>
        $"{Lost} lost ({LostKeys} keys), {Duplicated} duplicated ({DuplicatedKeys} keys)" + (string.IsNullOrEmpty(Examples) ? string.Empty : $" [{Examples}]");
}

/// <summary>What one run found.</summary>
public sealed record Outcome(Scenario Scenario)
{
    /// <summary>Events the feeder delivered.</summary>
    public long Events { get; init; }

    /// <summary>Events the feeder could not deliver (none expected).</summary>
    public long FeedFailed { get; init; }

    public int Kills { get; init; }

    /// <summary>Broker outages or batches of injected errors.</summary>
    public int Faults { get; init; }

    /// <summary>Workers that ended Failed by themselves (restarted by the harness).</summary>
    public IReadOnlyList<string> FailedWorkers { get; init; } = [];

    /// <summary>Whether the survivors processed every event in time.</summary>
    public bool Converged { get; init; }

    /// <summary>From the end of the feed to every offset committed.</summary>
    public TimeSpan ConvergeTime { get; init; }

    /// <summary>The longest time, while events kept coming, in which no worker processed one.</summary>
    public TimeSpan LongestPause { get; init; }

    /// <summary>The longest time a cut-off worker took to dispose.</summary>
    public TimeSpan LongestStop { get; init; }

    public Deviation Table { get; init; }

    public Deviation Changelog { get; init; }

    public Deviation Output { get; init; }

    /// <summary>Anything else wrong: a hung disposal, a key held by two workers, a verification that could not run.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Where the run's log is, if kept.</summary>
    public string? LogPath { get; init; }

    private bool ExactlyOnce => Scenario.Guarantee == ProcessingGuarantee.ExactlyOnce;

    /// <summary>Nothing lost anywhere, nothing duplicated under exactly-once, every event processed, no problem.</summary>
    public bool Passed =>
        Converged && FeedFailed == 0 && Problems.Count == 0 && Table.Lost == 0 && Changelog.Lost == 0 && Output.Lost == 0 &&
        (!ExactlyOnce || (Table.Duplicated == 0 && Changelog.Duplicated == 0 && Output.Duplicated == 0));

    public override string ToString() =>
        $"{(Passed ? "PASS" : "FAIL")} {Scenario.Name}: {Events} events, {Kills} kills, {Faults} faults, {FailedWorkers.Count} failed workers; " +
        $"table {Table}; changelog {Changelog}; output {Output}; " +
        $"longest pause {LongestPause.TotalSeconds:F1} s, longest stop of a cut-off worker {LongestStop.TotalSeconds:F1} s, " +
        $"{(Converged ? $"converged {ConvergeTime.TotalSeconds:F1} s after the feed" : "DID NOT CONVERGE")}" +
        (Problems.Count > 0 ? "; problems: " + string.Join("; ", Problems) : string.Empty) +
        (LogPath is not null ? $" (log {LogPath})" : string.Empty);
}
