namespace FaustGen;

/// <summary>
/// A step every event of an agent goes through, whatever the agent's shape (per event, stream, yielding) and
/// concurrency: code before the agent sees the event, a say in what becomes of an event whose processing threw, and
/// code after the event is settled. An app's middlewares and an agent's run in the order they are declared, the app's
/// first; <see cref="OnErrorAsync"/> and <see cref="OnCompleted"/> run the other way round, like the unwinding of nested
/// calls. Retries, error handling, metrics and tracing are middlewares of this kind.
/// </summary>
/// <remarks>
/// The steps are phases rather than one call wrapping the next because a stream agent's own loop pulls its events:
/// processing an event there lasts from handing it out until the loop asks for the next one, which no call can enclose.
/// One instance serves every actor of the agents it is declared on, so it must be safe to call concurrently; the
/// <see cref="AgentEvent"/> it is given is the actor's and is valid only during the call.
/// </remarks>
public abstract class AgentMiddleware
{
    /// <summary>Before the agent sees the event. Return false to short-circuit: the agent never sees it, the event counts as
    /// processed (it is acknowledged), and <see cref="OnCompleted"/> gets <see cref="EventOutcome.ShortCircuited"/>.</summary>
    public virtual ValueTask<bool> OnEventAsync(AgentEvent e) => new(true);

    /// <summary>
    /// The event's processing threw <paramref name="error"/> (or its key or value did not decode): return what to do with
    /// it, or null to leave the choice to the middlewares declared before this one (in the end, to the agent's retry
    /// settings and error policy).
    /// </summary>
    public virtual ValueTask<ErrorAction?> OnErrorAsync(AgentEvent e, Exception error) => default;

    /// <summary>The event is settled (<paramref name="outcome"/>; <see cref="AgentEvent.Error"/> holds the error of one that
    /// failed). Called for every middleware whose <see cref="OnEventAsync"/> ran, once per attempt.</summary>
    public virtual void OnCompleted(AgentEvent e, EventOutcome outcome)
    {
    }

    /// <summary>Whether the pipeline calls <see cref="OnEventAsync"/> and <see cref="OnCompleted"/> of this middleware: the
    /// built-in ones that only decide errors say no, so that they cost nothing per event.</summary>
    internal virtual bool ObservesEvents => true;
}
