using Microsoft.Extensions.Logging;

namespace FaustGen.Kafka.Embedded.Proxy;

/// <summary>What the proxies of an embedded cluster report: frames they pass on without reading them, which loses the
/// transaction semantics they add for that request.</summary>
internal static partial class ProxyLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedded cluster proxy passes on a {Api} v{Version} request of {Bytes} bytes it cannot read: {Reason}")]
    public static partial void UnreadableRequest(ILogger logger, KafkaApiKey api, short version, int bytes, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedded cluster proxy passes on a request frame of {Bytes} bytes whose header it cannot read: {Reason}")]
    public static partial void UnreadableHeader(ILogger logger, int bytes, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedded cluster proxy passes on a {Api} v{Version} request unread: it reads up to v{MaxVersion}, which the brokers advertise")]
    public static partial void UnexpectedVersion(ILogger logger, KafkaApiKey api, short version, short maxVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedded cluster proxy passes on the response to a {Api} v{Version} request ({Bytes} bytes) unchanged: it cannot read it: {Reason}")]
    public static partial void UnreadableResponse(ILogger logger, KafkaApiKey api, short version, int bytes, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Embedded cluster proxy closes a connection whose next frame claims {Size} bytes: not a Kafka frame")]
    public static partial void Unframeable(ILogger logger, int size);
}
