namespace FaustGen;

/// <summary>
/// The app stopped by itself on a failure it could not recover from (its poll loop failed, work could not be committed
/// after repeated tries, or an agent stopped on an error): <see cref="App.Completion"/> faults with it, and
/// <see cref="App.RunAsync"/> throws it. The worker must be restarted; <see cref="Exception.InnerException"/> is the cause.
/// </summary>
public sealed class AppFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AppFailedException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with the failure that caused it.</summary>
    public AppFailedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
