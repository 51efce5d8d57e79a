using System.Globalization;
using FaustGen.Transport;

namespace FaustGen;

/// <summary>
/// The headers a failed event carries to a retry topic or the dead-letter topic: where it was first read (kept from one
/// retry topic to the next), the error, and for retry topics the attempts so far, the first failure's time, the retry
/// topic's level and when the event is due. The event's own headers are kept.
/// </summary>
internal static class RetryHeaders
{
    public const string ErrorType = "faustgen.error.type";
    public const string ErrorMessage = "faustgen.error.message";
    public const string SourceTopic = "faustgen.source.topic";
    public const string SourcePartition = "faustgen.source.partition";
    public const string SourceOffset = "faustgen.source.offset";
    public const string Attempt = "faustgen.retry.attempt";
    public const string FirstFailure = "faustgen.retry.first-failure";
    public const string Level = "faustgen.retry.topic";
    public const string Due = "faustgen.retry.due";

    /// <summary>When an event of a retry topic is due, or null when its headers do not say.</summary>
    public static DateTimeOffset? DueAt(MessageHeaders? headers) =>
        Milliseconds(headers?.GetLastString(Due)) is { } due ? DateTimeOffset.FromUnixTimeMilliseconds(due) : null;

    /// <summary>The retry topic level <paramref name="headers"/> were forwarded to, 0 for an event of the source topic.</summary>
    public static int LevelOf(MessageHeaders? headers) =>
        int.TryParse(headers?.GetLastString(Level), NumberStyles.None, CultureInfo.InvariantCulture, out var level) ? level : 0;

    /// <summary>Attempts made at the event before this one, across its source and retry topics.</summary>
    public static int PreviousAttempts(MessageHeaders? headers) =>
        int.TryParse(headers?.GetLastString(Attempt), NumberStyles.None, CultureInfo.InvariantCulture, out var attempts) ? attempts : 0;

    /// <summary>The message that takes <paramref name="record"/>, failed with <paramref name="error"/> after
    /// <paramref name="attempts"/> attempts here, to retry topic <paramref name="topic"/> of <paramref name="level"/>, due
    /// after <paramref name="delay"/>; on the same partition, so that its keys stay where the agent's tables are.</summary>
    public static OutgoingMessage ToRetryTopic(string topic, int level, in ConsumedRecord record, Exception error, int attempts, TimeSpan delay)
    {
        var now = DateTimeOffset.UtcNow;
        var headers = Failure(record, error);
        headers.Add(Attempt, Text(PreviousAttempts(record.Headers) + attempts))
            .Add(FirstFailure, record.Headers?.GetLastString(FirstFailure) ?? Text(now.ToUnixTimeMilliseconds()))
            .Add(Level, Text(level))
            .Add(Due, Text((now + delay).ToUnixTimeMilliseconds()));
        return new OutgoingMessage(topic, record.Partition, record.Key, record.Value, headers, record.Timestamp);
    }

    /// <summary>The message that takes <paramref name="record"/>, failed with <paramref name="error"/>, to the dead-letter
    /// topic <paramref name="topic"/>, with the attempts made at it, and when the first failed if it came through a retry topic.</summary>
    public static OutgoingMessage ToDeadLetter(string topic, in ConsumedRecord record, Exception error, int attempts)
    {
        var headers = Failure(record, error);
        headers.Add(Attempt, Text(PreviousAttempts(record.Headers) + attempts));
        if (record.Headers?.GetLastString(FirstFailure) is { } first)
        {
            headers.Add(FirstFailure, first);
        }

        return new OutgoingMessage(topic, null, record.Key, record.Value, headers, record.Timestamp);
    }

    /// <summary>The event's headers without those of an earlier failure, the error, and where the event was first read.</summary>
    private static MessageHeaders Failure(in ConsumedRecord record, Exception error)
    {
        var headers = new MessageHeaders();
        var original = record.Headers;
        if (original is not null)
        {
            foreach (var header in original)
            {
                if (!header.Key.StartsWith("faustgen.error.", StringComparison.Ordinal) && !header.Key.StartsWith("faustgen.retry.", StringComparison.Ordinal) &&
                    !header.Key.StartsWith("faustgen.source.", StringComparison.Ordinal))
                {
                    headers.Add(header.Key, header.Value);
                }
            }
        }

        headers.Add(ErrorType, error.GetType().FullName ?? error.GetType().Name).Add(ErrorMessage, error.Message);
        if (original?.GetLastString(SourceTopic) is { } sourceTopic)
        {
            headers.Add(SourceTopic, sourceTopic)
                .Add(SourcePartition, original.GetLastString(SourcePartition) ?? string.Empty)
                .Add(SourceOffset, original.GetLastString(SourceOffset) ?? string.Empty);
        }
        else
        {
            headers.Add(SourceTopic, record.Topic).Add(SourcePartition, Text(record.Partition)).Add(SourceOffset, Text(record.Offset));
        }

        return headers;
    }

    private static long? Milliseconds(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
