namespace FaustGen.Kafka.Embedded.Proxy;

/// <summary>
/// The header of a request frame (after its size): API key, version, correlation id and client id (an int16-length
/// string in every version), then, in flexible versions of the requests the proxy reads, a tagged-field section
/// (request header v2).
/// </summary>
internal readonly record struct RequestHeader(KafkaApiKey ApiKey, short Version, int CorrelationId, string? ClientId, bool Flexible)
{
    /// <summary>Reads the header of <paramref name="frame"/> and leaves <paramref name="reader"/> at the body.</summary>
    /// <exception cref="InvalidDataException">The frame is too short for a header.</exception>
    public static RequestHeader Read(byte[] frame, out WireReader reader)
    {
        var header = new WireReader(frame.AsSpan(4));
        var apiKey = (KafkaApiKey)header.Int16();
        var version = header.Int16();
        var correlationId = header.Int32();
        var clientId = header.Int16String();
        var flexible = ProxiedApi.Find(apiKey) is { } api && api.IsFlexible(version);
        reader = new WireReader(frame.AsSpan(4), flexible) { Position = header.Position };
        reader.TaggedFields();
        return new RequestHeader(apiKey, version, correlationId, clientId, flexible);
    }
}
