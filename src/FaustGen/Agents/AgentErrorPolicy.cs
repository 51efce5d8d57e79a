namespace FaustGen;

/// <summary>What an agent does with an event whose processing threw (or whose payload did not decode).</summary>
public enum AgentErrorPolicy
{
    /// <summary>Log the error with the event's topic, partition and offset, acknowledge the event and go on (Faust's behaviour).</summary>
    Skip,

    /// <summary>Log the error and stop this agent: the event is not acknowledged, so its offset is never
    /// committed and another worker (or a restart) processes it again. Other agents keep running and the
    /// app reports the agent as crashed.</summary>
    Stop,

    /// <summary>Send the event's original bytes, with headers describing the error, to the agent's
    /// dead-letter topic, acknowledge it and go on.</summary>
    DeadLetter,
}
