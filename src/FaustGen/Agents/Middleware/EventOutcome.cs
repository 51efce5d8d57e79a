namespace FaustGen;

/// <summary>How one attempt at an event ended, as <see cref="AgentMiddleware.OnCompleted"/> is told.</summary>
public enum EventOutcome
{
    /// <summary>The agent processed it.</summary>
    Processed,

    /// <summary>A middleware short-circuited it before the agent saw it; it counts as processed.</summary>
    ShortCircuited,

    /// <summary>It failed and was skipped.</summary>
    Skipped,

    /// <summary>It failed and will be tried again in place.</summary>
    Retrying,

    /// <summary>It failed and was forwarded to one of the agent's retry topics.</summary>
    RetryTopic,

    /// <summary>It failed and went to the dead-letter topic.</summary>
    DeadLettered,

    /// <summary>It failed and stopped the agent (and, for <see cref="ErrorAction.FailApp"/>, the app); it is not acknowledged.</summary>
    Stopped,

    /// <summary>Its processing was abandoned: the agent is stopping or the partition was taken away; it is not
    /// acknowledged and will be processed again.</summary>
    Abandoned,
}
