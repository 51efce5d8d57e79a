using FaustGen.Transport;

namespace FaustGen;

/// <summary>What kind of failure kept a message out of the broker.</summary>
public enum ProductionErrorKind
{
    /// <summary>Any other failure.</summary>
    Other,

    /// <summary>The message is larger than the producer or the broker takes.</summary>
    RecordTooLarge,

    /// <summary>The app may not write to the topic (or the cluster, or its transactional id).</summary>
    Authorization,

    /// <summary>The message was not delivered in time (<c>message.timeout.ms</c>, a request timeout).</summary>
    TimedOut,
}

/// <summary>What to do about a message the broker did not take.</summary>
public enum ProductionAction
{
    /// <summary>The send fails, as without a handler: an awaited send throws; a message sent without waiting keeps the next
    /// commit from covering the event that sent it (the worker goes back to its committed offsets and does it again).</summary>
    Fail,

    /// <summary>The message is given up: logged and counted, an awaited send completes with offset -1, and commits go on.</summary>
    Skip,

    /// <summary>The message is sent again (the handler is asked again if that fails too, with the next attempt's number).</summary>
    Retry,
}

/// <summary>A message the broker did not take, as a <see cref="ProductionErrorHandler"/> is told.</summary>
/// <param name="Message">The message, encoded.</param>
/// <param name="Kind">What kind of failure it was.</param>
/// <param name="Error">The failure.</param>
/// <param name="Attempt">1 for the first send of the message, 2 for its first retry, …</param>
public sealed record ProductionError(OutgoingMessage Message, ProductionErrorKind Kind, Exception Error, int Attempt)
{
    /// <summary>The topic the message was for.</summary>
    public string Topic => Message.Topic;
}

/// <summary>Decides what to do about a message the broker did not take (sends of agents, timers, tasks and tables alike).</summary>
public delegate ProductionAction ProductionErrorHandler(ProductionError error);
