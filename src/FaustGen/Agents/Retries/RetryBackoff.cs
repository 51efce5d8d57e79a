namespace FaustGen;

/// <summary>How the delay between retries in place grows (Polly's backoff types).</summary>
public enum RetryBackoff
{
    /// <summary>Every retry waits <see cref="RetryOptions.Delay"/>.</summary>
    Constant,

    /// <summary>The n-th retry waits n times <see cref="RetryOptions.Delay"/>.</summary>
    Linear,

    /// <summary>The n-th retry waits 2^(n-1) times <see cref="RetryOptions.Delay"/>.</summary>
    Exponential,
}
