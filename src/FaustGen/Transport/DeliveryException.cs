namespace FaustGen.Transport;

/// <summary>A message could not be delivered to the broker.</summary>
public sealed class DeliveryException : Exception
{
    /// <summary>Creates the exception for a message to <paramref name="topic"/>.</summary>
    public DeliveryException(string topic, string reason, Exception? innerException = null, ProductionErrorKind kind = ProductionErrorKind.Other)
        : base($"A message to topic '{topic}' was not delivered: {reason}", innerException)
    {
        Topic = topic;
        Kind = kind;
    }

    /// <summary>The topic the message was for.</summary>
    public string Topic { get; }

    /// <summary>What kind of failure it was, as far as the transport tells.</summary>
    public ProductionErrorKind Kind { get; }
}
