using FaustGen.Transport;
using Microsoft.Extensions.Logging;

namespace FaustGen.Processing;

/// <summary>The app's way out: sends through the transport's producer and logs what fire-and-forget sends lose.</summary>
internal sealed partial class Sender
{
    private readonly ITransportProducer producer;
    private readonly ILogger logger;
    private readonly Action<RecordMetadata, Exception?> logFailure;
    private long failures;

    public Sender(ITransportProducer producer, ILogger logger)
    {
        this.producer = producer;
        this.logger = logger;
        logFailure = OnSoonDelivered;
    }

    /// <summary>How many fire-and-forget sends failed.</summary>
    public long Failures => Interlocked.Read(ref failures);

    public ValueTask<RecordMetadata> SendAsync(in OutgoingMessage message, CancellationToken cancellationToken) =>
        producer.SendAsync(message, cancellationToken);

    /// <summary>Queues <paramref name="message"/>; a failure is logged (the next commit's flush waits for it).</summary>
    public void SendSoon(in OutgoingMessage message) => producer.Send(message, logFailure);

    public void Flush(TimeSpan timeout) => producer.Flush(timeout);

    private void OnSoonDelivered(RecordMetadata metadata, Exception? error)
    {
        if (error is not null)
        {
            Interlocked.Increment(ref failures);
            LogSendFailed(logger, error, error.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A message sent without waiting (send soon) was not delivered: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, Exception error, string reason);
}
