using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace FaustGen.Kafka;

/// <summary>
/// Routes what librdkafka reports (its log, its errors, failed consumes) to the app's logger, one per transport, shared
/// by its clients. Warnings and errors repeat on every retry of every client, so each kind (the error code or log
/// facility, and the broker) is logged at most once per <see cref="RepeatInterval"/>, with a count of the repeats held
/// back; debug and informational lines (librdkafka's <c>debug</c> property) all pass.
/// </summary>
internal sealed partial class KafkaLog(ILogger logger, TimeProvider clock)
{
    /// <summary>How often one kind of librdkafka warning or error is logged at most.</summary>
    public static readonly TimeSpan RepeatInterval = TimeSpan.FromSeconds(30);

    private readonly LogThrottle throttle = new(RepeatInterval, clock);

    public KafkaLog(ILogger logger)
        : this(logger, TimeProvider.System)
    {
    }

    public ILogger Logger => logger;

    public void OnLog(LogMessage message)
    {
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
            SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        if (!logger.IsEnabled(level))
        {
            return;
        }

        var held = 0;
        if (level >= LogLevel.Warning && !throttle.TryPass($"log {message.Facility} {Broker(message.Message)}", out held))
        {
            return;
        }

        LibrdkafkaLog(logger, level, message.Name, message.Facility, message.Message + Repeats(held));
    }

    /// <summary>librdkafka's errors are mostly transient (a broker unreachable for a while) and retried by it;
    /// fatal ones end the client.</summary>
    public void OnError(Error error)
    {
        if (!throttle.TryPass($"error {error.Code} {Broker(error.Reason)}", out var held))
        {
            return;
        }

        if (error.IsFatal)
        {
            FatalError(logger, error.Code, error.Reason + Repeats(held));
        }
        else
        {
            TransientError(logger, error.Code, error.Reason + Repeats(held));
        }
    }

    /// <summary>A poll that failed, for example on a subscribed topic that does not exist yet; polling goes on.</summary>
    public void OnConsumeFailed(Error error)
    {
        if (throttle.TryPass($"consume {error.Code} {Broker(error.Reason)}", out var held))
        {
            ConsumeFailed(logger, error.Code, error.Reason + Repeats(held));
        }
    }

    /// <summary>
    /// The broker a librdkafka text is about, as <c>host:port</c>, or empty for texts about no one broker. librdkafka
    /// starts them with the broker's name, <c>host:port/id</c>, <c>host:port/bootstrap</c> or <c>GroupCoordinator:
    /// host:port</c> for one broker in its roles; log lines start with their thread first (<c>[thrd:…]: </c>).
    /// </summary>
    private static string Broker(string text)
    {
        var rest = text.AsSpan();
        if (rest.StartsWith("[thrd:") && rest.IndexOf("]: ") is var thread and > 0)
        {
            rest = rest[(thread + 3)..];
        }

        for (var segment = 0; segment < 2; segment++)
        {
            var end = rest.IndexOf(": ");
            if (end <= 0)
            {
                break;
            }

            var name = rest[..end];
            if (!name.SequenceEqual("GroupCoordinator"))
            {
                var slash = name.IndexOf('/');
                var hostPort = slash >= 0 ? name[..slash] : name;
                return hostPort.Contains(':') && !hostPort.Contains(' ') ? hostPort.ToString() : string.Empty;
            }

            rest = rest[(end + 2)..];
        }

        return string.Empty;
    }

    private static string Repeats(int held) => held == 0
        ? string.Empty
        : string.Create(CultureInfo.InvariantCulture, $" (and {held} more like it in the last {RepeatInterval.TotalSeconds:0} s)");

    [LoggerMessage(Message = "librdkafka {Client} {Facility}: {Text}")]
    private static partial void LibrdkafkaLog(ILogger logger, LogLevel level, string client, string facility, string text);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Kafka client failed for good ({Code}): {Reason}")]
    private static partial void FatalError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka client error ({Code}), retrying: {Reason}")]
    private static partial void TransientError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consuming failed ({Code}): {Reason}")]
    private static partial void ConsumeFailed(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not create topic {Topic} on the embedded cluster: {Reason}")]
    public static partial void TopicNotCreated(ILogger logger, Exception error, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Kafka {Call} given up on after its timeout failed later: {Reason}")]
    public static partial void LateFailure(ILogger logger, Exception error, string call, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The group member did not leave its group within {Seconds} s (the group coordinator is out of reach); the group notices it gone after its session timeout")]
    public static partial void CloseAbandoned(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Kafka {Client} did not close within {Seconds} s (a broker it waits for is out of reach); it is left to close by itself")]
    public static partial void DisposeAbandoned(ILogger logger, string client, double seconds);
}
