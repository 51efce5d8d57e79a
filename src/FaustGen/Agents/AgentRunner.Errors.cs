using FaustGen.Codecs;
using FaustGen.Processing;
using FaustGen.Validation;
using Microsoft.Extensions.Logging;

namespace FaustGen;

/// <summary>What an agent does with an event whose attempt failed: the middlewares decide, and the agent does it.</summary>
internal abstract partial class AgentRunner
{
    /// <summary>
    /// Settles the attempt of <paramref name="context"/>'s event that failed with <paramref name="error"/>: the middlewares
    /// decide what becomes of it (last to first; the error policy always decides), the agent does it, and the middlewares
    /// are told the outcome. Returns whether the actor goes on.
    /// </summary>
    internal async ValueTask<bool> OnErrorAsync(Exception error, EventContext context)
    {
        var e = context.Event;
        CountFailure(error);
        context.Discard(e.Handle);
        ErrorAction action;
        try
        {
            // Spent retries go where spent retries go; nobody is asked again.
            action = e.GivenUp ? ErrorAction.Retry : await Pipeline.DecideAsync(e, error).ConfigureAwait(false);
        }
        catch (Exception handlerError)
        {
            LogHandlerFailed(Logger, handlerError, Name, e.Topic, e.Partition, e.Offset);
            action = ErrorAction.StopAgent;
        }

        var outcome = await DoAsync(action, e, error).ConfigureAwait(false);
        Complete(context, outcome);
        return outcome != EventOutcome.Stopped;
    }

    private async ValueTask<EventOutcome> DoAsync(ErrorAction action, AgentEvent e, Exception error)
    {
        switch (action)
        {
            case ErrorAction.Skip:
                LogSkipped(Logger, error, Name, e.Topic, e.Partition, e.Offset, error.Message);
                e.Handle.Ack();
                return EventOutcome.Skipped;
            case ErrorAction.DeadLetter:
                return await DeadLetterAsync(e, error).ConfigureAwait(false);
            case ErrorAction.Retry:
                return await RetryAsync(e, error).ConfigureAwait(false);
            case ErrorAction.FailApp:
                LogStopped(Logger, error, Name, e.Topic, e.Partition, e.Offset, error.Message);
                Crash(error, failApp: true);
                return EventOutcome.Stopped;
            default:
                LogStopped(Logger, error, Name, e.Topic, e.Partition, e.Offset, error.Message);
                Crash(error);
                return EventOutcome.Stopped;
        }
    }

    /// <summary>In place while attempts are left (the partition waits), else to the next retry topic, else where retries end:
    /// the dead-letter topic for an agent with retry topics, its error policy for one without.</summary>
    private async ValueTask<EventOutcome> RetryAsync(AgentEvent e, Exception error)
    {
        var retry = Holds.Retry;
        var level = Array.IndexOf(RetryTopics, e.Topic) + 1;
        if (level == 0 && !e.GivenUp &&
            (e.Handle.Hold is { } hold ? hold.Retry(error) : e.State is { } state && Holds.StartRetry(state, e.Message, e.Handle, error)))
        {
            LogRetrying(Logger, error, Name, e.Topic, e.Partition, e.Offset, e.Attempt, error.Message);
            App.Metrics.Retries.Add(1, new("agent", Name), new("where", "in_place"));
            return EventOutcome.Retrying;
        }

        if (level < RetryTopics.Length)
        {
            var topic = RetryTopics[level];
            try
            {
                await App.Sender.SendAsync(RetryHeaders.ToRetryTopic(topic, level + 1, e.Message, error, e.Attempt, retry.TopicDelayOf(level + 1)), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception sendError)
            {
                LogForwardFailed(Logger, sendError, Name, e.Topic, e.Partition, e.Offset, topic);
                Crash(error);
                return EventOutcome.Stopped;
            }

            LogForwarded(Logger, error, Name, e.Topic, e.Partition, e.Offset, topic, error.Message);
            App.Metrics.Retries.Add(1, new("agent", Name), new("where", "topic"));
            e.Handle.Ack();
            return EventOutcome.RetryTopic;
        }

        return RetryTopics.Length > 0 || Options.OnError == AgentErrorPolicy.DeadLetter
            ? await DeadLetterAsync(e, error).ConfigureAwait(false)
            : await DoAsync(Options.OnError == AgentErrorPolicy.Stop ? ErrorAction.StopAgent : ErrorAction.Skip, e, error).ConfigureAwait(false);
    }

    private async ValueTask<EventOutcome> DeadLetterAsync(AgentEvent e, Exception error)
    {
        var topic = Options.DeadLetterTopic ?? Names.DeadLetterTopic(App.Settings.Id, Name);
        try
        {
            await App.Sender.SendAsync(RetryHeaders.ToDeadLetter(topic, e.Message, error, e.Attempt), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception sendError)
        {
            LogDeadLetterFailed(Logger, sendError, Name, e.Topic, e.Partition, e.Offset, topic);
            Crash(error);
            return EventOutcome.Stopped;
        }

        LogDeadLettered(Logger, error, Name, e.Topic, e.Partition, e.Offset, topic, error.Message);
        e.Handle.Ack();
        return EventOutcome.DeadLettered;
    }

    /// <summary>Decodes <paramref name="payload"/> with <paramref name="codec"/>, naming where it came from on failure.</summary>
    internal static T DecodePart<T>(ICodec<T> codec, in Transport.ConsumedRecord record, byte[]? payload, string part)
    {
        try
        {
            return Payload.Decode(codec, payload);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new DeserializationException(codec.Name, typeof(T), part, new TopicPartitionOffset(record.Topic, record.Partition, record.Offset), ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Agent {Agent} failed on {Topic}[{Partition}]@{Offset} and skipped the event: {Reason}")]
    private static partial void LogSkipped(ILogger logger, Exception error, string agent, string topic, int partition, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} failed on {Topic}[{Partition}]@{Offset} (attempt {Attempt}) and retries it in place; the partition waits: {Reason}")]
    private static partial void LogRetrying(ILogger logger, Exception error, string agent, string topic, int partition, long offset, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} failed on {Topic}[{Partition}]@{Offset}; the event went to retry topic {RetryTopic}: {Reason}")]
    private static partial void LogForwarded(ILogger logger, Exception error, string agent, string topic, int partition, long offset, string retryTopic, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Agent {Agent} could not forward {Topic}[{Partition}]@{Offset} to retry topic {RetryTopic} and stops; the event is not acknowledged")]
    private static partial void LogForwardFailed(ILogger logger, Exception error, string agent, string topic, int partition, long offset, string retryTopic);

    [LoggerMessage(Level = LogLevel.Error, Message = "Agent {Agent} failed on {Topic}[{Partition}]@{Offset}; the event went to dead-letter topic {DeadLetterTopic}: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, Exception error, string agent, string topic, int partition, long offset, string deadLetterTopic, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Agent {Agent} could not dead-letter {Topic}[{Partition}]@{Offset} to {DeadLetterTopic} and stops; the event is not acknowledged")]
    private static partial void LogDeadLetterFailed(ILogger logger, Exception error, string agent, string topic, int partition, long offset, string deadLetterTopic);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Agent {Agent} failed on {Topic}[{Partition}]@{Offset} and stops; the event is not acknowledged: {Reason}")]
    private static partial void LogStopped(ILogger logger, Exception error, string agent, string topic, int partition, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "An error handler or middleware of agent {Agent} threw while deciding about {Topic}[{Partition}]@{Offset}; the agent stops")]
    private static partial void LogHandlerFailed(ILogger logger, Exception error, string agent, string topic, int partition, long offset);
}
