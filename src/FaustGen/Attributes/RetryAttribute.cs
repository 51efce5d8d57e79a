namespace FaustGen;

/// <summary>
/// Retries the failed events of the agent it marks, or of every agent of the <see cref="AppAttribute">[App]</see> class it
/// marks that has none of its own: first in place while the event's partition waits, then through <see cref="Topics"/>
/// retry topics, then to the dead-letter topic (see <see cref="RetryOptions"/>, which the generator writes from it).
/// </summary>
/// <example><code>
/// [Agent("orders")]
/// [Retry(MaxAttempts = 4, Delay = 0.5, MaxDelay = 10, Jitter = true, RetryOn = new[] { typeof(TimeoutException) }, Topics = 2)]
/// public async Task Place(Order order) { ... }
/// </code></example>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false)]
public sealed class RetryAttribute : Attribute
{
    /// <summary>Attempts in place, the first included (1 retries only through topics). Default 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Seconds before the first retry in place. Default 1.</summary>
    public double Delay { get; set; } = 1;

    /// <summary>How the delay grows. Default <see cref="RetryBackoff.Exponential"/>.</summary>
    public RetryBackoff Backoff { get; set; } = RetryBackoff.Exponential;

    /// <summary>The longest delay in place, in seconds; 0 for no bound. Default 30.</summary>
    public double MaxDelay { get; set; } = 30;

    /// <summary>Whether delays are spread at random.</summary>
    public bool Jitter { get; set; }

    /// <summary>The exception types retried (and those deriving from them); empty for every error.</summary>
    public Type[] RetryOn { get; set; } = [];

    /// <summary>Retry topics after the attempts in place. Default 0.</summary>
    public int Topics { get; set; }

    /// <summary>Seconds an event waits in the first retry topic, doubling from one to the next. Default 10.</summary>
    public double TopicDelay { get; set; } = 10;
}
