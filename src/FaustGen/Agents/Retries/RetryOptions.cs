namespace FaustGen;

/// <summary>
/// How an agent retries an event whose processing failed: first in place, while the event's partition waits (its later
/// events are held back and the partition is paused, other partitions go on, offsets are not committed past the event),
/// then, when <see cref="Topics"/> is more than 0, through the agent's retry topics <c>{app-id}-{agent}-retry-{n}</c>, each
/// read back by the agent once its delay has passed, and in the end the dead-letter topic. The delays in place come from
/// Polly's retry strategy.
/// </summary>
public sealed record RetryOptions
{
    /// <summary>Attempts in place, the first included: 1 retries only through topics. Default 3.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The delay before the first retry in place. Default 1 second.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How the delay grows from one retry in place to the next. Default <see cref="RetryBackoff.Exponential"/>.</summary>
    public RetryBackoff Backoff { get; init; } = RetryBackoff.Exponential;

    /// <summary>The longest delay in place, or null for no bound. Default 30 seconds.</summary>
    public TimeSpan? MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether delays in place are spread at random around their value (so that workers retrying the same cause
    /// do not all come back at once).</summary>
    public bool Jitter { get; init; }

    /// <summary>Which errors are retried, or null for every one (the generator writes it from <c>[Retry(RetryOn = …)]</c> as
    /// type tests). Errors not retried go to the agent's error policy at once.</summary>
    public Func<Exception, bool>? RetryOn { get; init; }

    /// <summary>Retry topics the event goes through once its attempts in place are spent; 0 (the default) for none. After
    /// the last one it goes to the dead-letter topic.</summary>
    public int Topics { get; init; }

    /// <summary>How long an event waits in the first retry topic before the agent reads it again; it doubles from one topic to
    /// the next. Default 10 seconds.</summary>
    public TimeSpan TopicDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether <paramref name="error"/> is retried.</summary>
    internal bool Retries(Exception error) => RetryOn?.Invoke(error) ?? true;

    /// <summary>How long an event waits in retry topic <paramref name="level"/> (1-based).</summary>
    internal TimeSpan TopicDelayOf(int level) => TopicDelay * Math.Pow(2, level - 1);

    /// <summary>Throws when a value is out of range, naming the agent (the rules the analyzers check on <c>[Retry]</c>).</summary>
    internal void Validate(string agent)
    {
        if ((Validation.RetryRules.CountError(MaxAttempts, Topics) ??
             Validation.RetryRules.DelayError(Delay.TotalSeconds, MaxDelay?.TotalSeconds, TopicDelay.TotalSeconds)) is { } error)
        {
            throw new FaustConfigurationException($"The retry settings of agent '{agent}' are invalid: {error}.");
        }
    }
}
