namespace FaustGen;

/// <summary>What becomes of an event whose processing failed: what a middleware or an error handler decides.</summary>
public enum ErrorAction
{
    /// <summary>Log the error, acknowledge the event and go on.</summary>
    Skip,

    /// <summary>Process the event again: in place, after the agent's retry delay, while the event's partition waits (and,
    /// once the in-place attempts are spent, through the agent's retry topics when it has any). See <see cref="RetryOptions"/>.</summary>
    Retry,

    /// <summary>Send the event's original bytes with the error to the agent's dead-letter topic, acknowledge it and go on.</summary>
    DeadLetter,

    /// <summary>Stop the agent: the event is not acknowledged (see <see cref="AppSettings.OnAgentStopped"/>).</summary>
    StopAgent,

    /// <summary>Stop the agent and fail the app, whatever <see cref="AppSettings.OnAgentStopped"/> says: the app ends
    /// <see cref="AppState.Failed"/> for its supervisor to restart it.</summary>
    FailApp,
}
