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

    public void Flush(TimeSpan timeout) => producer.Flush(timeout);

    /// <summary>Exactly-once: goes on with a new transaction after one that could not be committed, when the producer
    /// allows it (see <see cref="ITransportProducer.RenewTransaction"/>); the sends lost so far were part of the aborted
    /// transaction and stop counting.</summary>
    public bool RenewTransaction(Exception? error)
    {
        if (!producer.RenewTransaction(error))
        {
            return false;
        }

        Interlocked.Exchange(ref failures, 0);
        return true;
    }

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
