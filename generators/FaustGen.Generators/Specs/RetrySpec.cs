namespace FaustGen.Generators;

/// <summary>A valid <c>[Retry]</c> of an agent or an app.</summary>
/// <param name="Backoff">The <c>RetryBackoff</c> member.</param>
/// <param name="MaxDelay">The longest delay in seconds, or 0 for no bound.</param>
/// <param name="RetryOn">The exception types retried, fully qualified; empty for every error.</param>
internal sealed record RetrySpec(
    int MaxAttempts,
    double Delay,
    string Backoff,
    double MaxDelay,
    bool Jitter,
    EquatableArray<string> RetryOn,
    int Topics,
    double TopicDelay);
