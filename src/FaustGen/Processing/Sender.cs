using System.Diagnostics;
using System.Runtime.CompilerServices;
using FaustGen.Monitoring;
using FaustGen.Transport;
using Microsoft.Extensions.Logging;

namespace FaustGen.Processing;

/// <summary>The app's way out: sends through the transport's producer and logs what fire-and-forget sends lose.</summary>
internal sealed partial class Sender
{
    private readonly ITransportProducer producer;
    private readonly ILogger logger;
    private readonly AppMetrics metrics;
    private readonly Action<RecordMetadata, Exception?> onSoonDelivered;
    private long failures;

    public Sender(ITransportProducer producer, ILogger logger, AppMetrics metrics)
    {
        this.producer = producer;
        this.logger = logger;
        this.metrics = metrics;
        onSoonDelivered = OnSoonDelivered;
    }

    /// <summary>How many fire-and-forget sends failed.</summary>
    public long Failures => Interlocked.Read(ref failures);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<RecordMetadata> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var topic = new KeyValuePair<string, object?>("topic", message.Topic);
        try
        {
            var written = await producer.SendAsync(message, cancellationToken).ConfigureAwait(false);
            metrics.MessagesSent.Add(1, topic);
            metrics.SendDuration.Record(AppMetrics.Since(start), topic);
            return written;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.SendErrors.Add(1, topic);
            throw;
        }
    }

    /// <summary>Queues <paramref name="message"/>; a failure is logged (the next commit's flush waits for it).</summary>
    public void SendSoon(in OutgoingMessage message) => producer.Send(message, onSoonDelivered);

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

    private void OnSoonDelivered(RecordMetadata metadata, Exception? error)
    {
        if (error is null)
        {
            metrics.MessagesSent.Add(1, new KeyValuePair<string, object?>("topic", metadata.Topic));
            return;
        }

        Interlocked.Increment(ref failures);
        metrics.SendErrors.Add(1, new KeyValuePair<string, object?>("topic", (error as DeliveryException)?.Topic));
        LogSendFailed(logger, error, error.Message);
    }

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
