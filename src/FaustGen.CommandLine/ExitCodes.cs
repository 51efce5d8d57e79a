namespace FaustGen.CommandLine;

/// <summary>What a FaustGen executable's exit code means; scripts can rely on these.</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked (a worker stopped gracefully, messages were sent).</summary>
    public const int Success = 0;

    /// <summary>The command failed while running: a message was not taken (or not confirmed within <c>send</c>'s
    /// <c>--timeout</c>), the worker failed. The error output says what happened.</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong: an unknown command or option, a missing or unreadable argument, a key or
    /// value that is not of the topic's type. Help or the error output says what was expected.</summary>
    public const int Usage = 2;

    /// <summary>A setting is invalid (from an option, the configuration or the environment); the error names it.</summary>
    public const int Configuration = 3;

    /// <summary>A destructive command was not confirmed (<c>reset</c> without <c>--yes</c> or a "y" answer).</summary>
    public const int NotConfirmed = 4;

    /// <summary>The brokers of setting <see cref="AppSettings.Broker"/> did not answer within
    /// <see cref="AppSettings.BrokerConnectTimeout"/>; the error names them and what failed. Worth retrying later.</summary>
    public const int BrokerUnreachable = 5;
}
