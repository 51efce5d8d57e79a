using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace FaustGen.Kafka;

/// <summary>Routes what librdkafka reports (its log and its errors) to the app's logger.</summary>
internal static partial class KafkaLog
{
    public static void OnLog(ILogger logger, LogMessage message)
    {
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
            SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        LibrdkafkaLog(logger, level, message.Name, message.Facility, message.Message);
    }

    /// <summary>librdkafka's errors are mostly transient (a broker unreachable for a while) and retried by it;
    /// fatal ones end the client.</summary>
    public static void OnError(ILogger logger, Error error)
    {
        if (error.IsFatal)
        {
            FatalError(logger, error.Code, error.Reason);
        }
        else
        {
            TransientError(logger, error.Code, error.Reason);
        }
    }

    [LoggerMessage(Message = "librdkafka {Client} {Facility}: {Text}")]
    private static partial void LibrdkafkaLog(ILogger logger, LogLevel level, string client, string facility, string text);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Kafka client failed for good ({Code}): {Reason}")]
    private static partial void FatalError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka client error ({Code}), retrying: {Reason}")]
    private static partial void TransientError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not create topic {Topic} on the embedded cluster: {Reason}")]
    public static partial void TopicNotCreated(ILogger logger, Exception error, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Kafka {Call} given up on after its timeout failed later: {Reason}")]
    public static partial void LateFailure(ILogger logger, Exception error, string call, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The group member did not leave its group within {Seconds} s (the group coordinator is out of reach); the group notices it gone after its session timeout")]
    public static partial void CloseAbandoned(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Kafka {Client} did not close within {Seconds} s (a broker it waits for is out of reach); it is left to close by itself")]
    public static partial void DisposeAbandoned(ILogger logger, string client, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consuming failed ({Code}): {Reason}")]
    public static partial void ConsumeFailed(ILogger logger, ErrorCode code, string reason);
}
