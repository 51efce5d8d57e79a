using Microsoft.Extensions.Logging;

namespace FaustGen.Kafka.Embedded.Proxy;

/// <summary>A response the proxy waits for from the broker, to read and perhaps rewrite before the client gets it.</summary>
internal sealed class PendingResponse(RequestHeader request, ResponseHandler handler, ILogger logger)
{
    public int CorrelationId => request.CorrelationId;

    /// <summary>Reads <paramref name="frame"/> (size, header, body); a response it cannot read is logged and passed on unchanged.</summary>
    public Reply Read(byte[] frame)
    {
        try
        {
            // Response header v1 (flexible versions) adds a tagged-field section after the correlation id.
            var body = new WireReader(frame.AsSpan(8), request.Flexible);
            body.TaggedFields();
            var rewrite = handler(ref body);
            return new Reply(rewrite.Body?.ToResponse(request.CorrelationId) ?? frame, rewrite.Before);
        }
        catch (InvalidDataException ex)
        {
            ProxyLog.UnreadableResponse(logger, request.ApiKey, request.Version, frame.Length, ex.Message);
            return new Reply(frame, Task.CompletedTask);
        }
    }
}

/// <summary>The response frame to send to the client once <see cref="Before"/> completes.</summary>
internal readonly record struct Reply(byte[] Frame, Task Before);
