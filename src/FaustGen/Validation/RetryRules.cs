// This file is compiled into the runtime, the generator and the analyzers, so a rule is written once
// (netstandard2.0-compatible C#: no newer BCL APIs).
namespace FaustGen.Validation;

/// <summary>The ranges of an agent's retry settings (<c>RetryOptions</c>, <c>[Retry]</c>).</summary>
internal static class RetryRules
{
    /// <summary>Why the counts are invalid (naming the setting), or null.</summary>
    public static string? CountError(int maxAttempts, int topics) =>
        maxAttempts < 1 ? "MaxAttempts must be 1 or more (the first attempt counts)"
        : topics < 0 ? "Topics must not be negative"
        : null;

    /// <summary>Why the delays, in seconds, are invalid (naming the setting), or null. A null <paramref name="maxDelay"/>
    /// sets no bound.</summary>
    public static string? DelayError(double delay, double? maxDelay, double topicDelay) =>
        !IsDelay(delay) ? "Delay must be a finite number of seconds, 0 or more"
        : maxDelay is { } max && (!IsDelay(max) || max < delay) ? "MaxDelay must be a finite number of seconds, not less than Delay"
        : !IsDelay(topicDelay) ? "TopicDelay must be a finite number of seconds, 0 or more"
        : null;

    /// <summary>The retry topic <paramref name="level"/> (1-based) of agent <paramref name="agent"/> of app <paramref name="appId"/>.</summary>
    public static string RetryTopic(string appId, string agent, int level) => appId + "-" + agent + "-retry-" + level;

    private static bool IsDelay(double seconds) => seconds >= 0 && !double.IsInfinity(seconds) && !double.IsNaN(seconds);
}
