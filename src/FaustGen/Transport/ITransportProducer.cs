namespace FaustGen.Transport;

/// <summary>Sends encoded messages. Safe to call from any thread.</summary>
public interface ITransportProducer
{
    /// <summary>Sends <paramref name="message"/> and completes when the broker has it.</summary>
    /// <exception cref="DeliveryException">The broker did not take the message.</exception>
    ValueTask<RecordMetadata> SendAsync(OutgoingMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Queues <paramref name="message"/> without waiting; <paramref name="onDelivery"/>, when given, learns the
    /// outcome. A later <see cref="Flush"/> waits for it.
    /// </summary>
    void Send(OutgoingMessage message, Action<RecordMetadata, Exception?>? onDelivery);

    /// <summary>Waits until every queued message has been delivered or has failed, or <paramref name="timeout"/>
    /// passes; returns whether none is left waiting.</summary>
    bool Flush(TimeSpan timeout);
}
