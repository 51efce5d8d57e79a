namespace FaustGen.Kafka.Embedded.Proxy;

/// <summary>What becomes of a request frame.</summary>
/// <param name="ClientId">The request's client id; null when its header could not be read.</param>
/// <param name="Forward">The frame to pass on to the broker: the request itself unless rewritten.</param>
/// <param name="Answer">The response frame the proxy sends back itself instead of passing the request on.</param>
/// <param name="Response">What reads the broker's response, when the proxy reads it.</param>
internal sealed record Interception(string? ClientId, byte[] Forward, byte[]? Answer, PendingResponse? Response)
{
    public static Interception PassOn(byte[] frame, string? clientId) => new(clientId, frame, null, null);
}
