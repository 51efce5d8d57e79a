using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace FaustGen.Kafka.Embedded.Proxy;

/// <summary>What the proxies of an embedded cluster report: frames they pass on without reading them, which loses the
/// transaction semantics they add for that request, and aborts the broker could not make yet.</summary>
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedded cluster could not yet abort the transaction of {TransactionalId} (producer {ProducerId}) after {Attempts} attempts ({Reason}); read_committed consumers wait behind it; retrying")]
    public static partial void AbortRetrying(ILogger logger, string transactionalId, long producerId, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Embedded cluster found no transaction of {TransactionalId} (producer {ProducerId}) to abort: {Error}")]
    public static partial void NothingToAbort(ILogger logger, string transactionalId, long producerId, ErrorCode error);
}
