using System.Diagnostics;
using System.Runtime.CompilerServices;
using FaustGen.Diagnostics;
using FaustGen.Monitoring;
using FaustGen.Transport;
using Microsoft.Extensions.Logging;

namespace FaustGen.Processing;

/// <summary>
/// The app's way out: sends through the transport's producer, each in a producer span when tracing is on (its context goes
/// in the message's headers), hands sends the broker did not take to the app's production error handler, and logs what
/// fire-and-forget sends lose.
/// </summary>
internal sealed partial class Sender
{
    private readonly ITransportProducer producer;
    private readonly ILogger logger;
    private readonly AppMetrics metrics;
    private readonly ProductionErrorHandler? handler;
    private readonly Action<RecordMetadata, Exception?> onSoonDelivered;
    private long failures;

    public Sender(ITransportProducer producer, ILogger logger, AppMetrics metrics, ProductionErrorHandler? handler = null)
    {
        this.producer = producer;
        this.logger = logger;
        this.metrics = metrics;
        this.handler = handler;
        onSoonDelivered = OnSoonDelivered;
    }

    /// <summary>How many fire-and-forget sends failed.</summary>
    public long Failures => Interlocked.Read(ref failures);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<RecordMetadata> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var span = Tracing.StartSend(ref message);
        var topic = new KeyValuePair<string, object?>("topic", message.Topic);
        for (var attempt = 1; ; attempt++)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                var written = await producer.SendAsync(message, cancellationToken).ConfigureAwait(false);
                metrics.MessagesSent.Add(1, topic);
                metrics.SendDuration.Record(AppMetrics.Since(start), topic);
                Tracing.EndSend(span, written, null);
                return written;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                metrics.SendErrors.Add(1, topic);
                var action = Decide(message, ex, attempt);
                if (action == ProductionAction.Retry)
                {
                    await Task.Delay(RetryDelay(attempt), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                Tracing.EndSend(span, null, ex);
                if (action == ProductionAction.Skip)
                {
                    return new RecordMetadata(message.Topic, message.Partition ?? -1, -1, default);
                }

                throw;
            }
        }
    }

    /// <summary>Queues <paramref name="message"/>; a failure goes to the production error handler, or is logged and keeps
    /// the next commit from covering it (the commit's flush waits for it).</summary>
    public void SendSoon(in OutgoingMessage message)
    {
        var outgoing = message;
        var span = Tracing.StartSend(ref outgoing);
        if (handler is null)
        {
            producer.Send(outgoing, onSoonDelivered);
        }
        else
        {
            SendSoonHandled(outgoing, 1);
        }

        // The span covers handing the message over: its delivery is the commit's business.
        Tracing.EndSend(span, null, null);
    }

    /// <summary>Queues <paramref name="message"/>; <paramref name="onDelivery"/> learns the outcome and must pass it
    /// to <see cref="Report"/> (tables follow the offsets of their changelog writes this way).</summary>
    public void SendSoon(in OutgoingMessage message, Action<RecordMetadata, Exception?> onDelivery) => producer.Send(message, onDelivery);

    /// <summary>Counts and logs the outcome of a send queued with a callback of its own.</summary>
    public void Report(RecordMetadata metadata, Exception? error) => OnSoonDelivered(metadata, error);

    /// <summary>Waits at most <paramref name="timeout"/> for every queued message; returns whether none is left.</summary>
    public bool Flush(TimeSpan timeout) => producer.Flush(timeout);

    /// <summary>Waits at most <paramref name="timeout"/> until every message sent so far is delivered, and tells whether
    /// one sent without waiting was lost since the last <see cref="ForgetFailures"/>: what a commit must know first.</summary>
    public Deliveries AwaitDeliveries(TimeSpan timeout)
    {
        var flushed = producer.Flush(timeout);
        return Failures > 0 ? Deliveries.Lost : flushed ? Deliveries.Delivered : Deliveries.Pending;
    }

    /// <summary>The worker went back to its last committed offsets: the events whose sends were lost are processed
    /// again, so those losses no longer hold commits back.</summary>
    public void ForgetFailures() => Interlocked.Exchange(ref failures, 0);

    /// <summary>Sends without waiting with a callback of its own, which a handler needs: it must know the message to send it
    /// again (so only apps with a production error handler pay a delegate per send).</summary>
    private void SendSoonHandled(OutgoingMessage message, int attempt) => producer.Send(message, (metadata, error) =>
    {
        if (error is null)
        {
            OnSoonDelivered(metadata, null);
            return;
        }

        metrics.SendErrors.Add(1, new KeyValuePair<string, object?>("topic", message.Topic));
        switch (Decide(message, error, attempt))
        {
            case ProductionAction.Retry:
                SendSoonHandled(message, attempt + 1);
                break;
            case ProductionAction.Fail:
                CountLost(error);
                break;
        }
    });

    /// <summary>What the handler says about <paramref name="error"/> (Fail without one, or when it throws); counted and logged.</summary>
    private ProductionAction Decide(in OutgoingMessage message, Exception error, int attempt)
    {
        if (handler is null)
        {
            return ProductionAction.Fail;
        }

        var kind = (error as DeliveryException)?.Kind ?? ProductionErrorKind.Other;
        ProductionAction action;
        try
        {
            action = handler(new ProductionError(message, kind, error, attempt));
        }
        catch (Exception handlerError)
        {
            LogHandlerFailed(logger, handlerError, message.Topic);
            action = ProductionAction.Fail;
        }

        metrics.ProductionErrors.Add(1, new("topic", message.Topic), new("kind", KindNames[(int)kind]), new("action", ActionNames[(int)action]));
        if (action == ProductionAction.Skip)
        {
            LogSkipped(logger, error, message.Topic, error.Message);
        }

        return action;
    }

    private static readonly string[] KindNames = ["other", "record_too_large", "authorization", "timed_out"];
    private static readonly string[] ActionNames = ["fail", "skip", "retry"];

    private static TimeSpan RetryDelay(int attempt) => TimeSpan.FromMilliseconds(Math.Min(100 * attempt, 1000));

    private void OnSoonDelivered(RecordMetadata metadata, Exception? error)
    {
        if (error is null)
        {
            metrics.MessagesSent.Add(1, new KeyValuePair<string, object?>("topic", metadata.Topic));
            return;
        }

        metrics.SendErrors.Add(1, new KeyValuePair<string, object?>("topic", (error as DeliveryException)?.Topic));
        CountLost(error);
    }

    private void CountLost(Exception error)
    {
        Interlocked.Increment(ref failures);
        LogSendFailed(logger, error, error.Message);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A message to {Topic} was not delivered and is given up, as the production error handler says: {Reason}")]
    private static partial void LogSkipped(ILogger logger, Exception error, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The production error handler threw about a message to {Topic}; the send fails")]
    private static partial void LogHandlerFailed(ILogger logger, Exception error, string topic);

    [LoggerMessage(Level = LogLevel.Error, Message = "A message sent without waiting (send soon) was not delivered: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, Exception error, string reason);
}

/// <summary>Where the messages sent so far are.</summary>
internal enum Deliveries
{
    /// <summary>Every one is delivered.</summary>
    Delivered,

    /// <summary>Some still wait to be delivered.</summary>
    Pending,

    /// <summary>Some sent without waiting were not delivered, and never will be.</summary>
    Lost,
}
