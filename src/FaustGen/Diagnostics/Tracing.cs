using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using FaustGen.Transport;

namespace FaustGen.Diagnostics;

/// <summary>
/// The app's spans, on the <see cref="ActivitySource"/> named <c>FaustGen</c>: a consumer span per event attempt, parented
/// by the W3C <c>traceparent</c>/<c>tracestate</c> headers of its message; a producer span per send, whose context goes
/// into the message's headers; and spans for commits, transactions and table recovery. Attributes follow OpenTelemetry's
/// messaging conventions. With no listener, <see cref="ActivitySource.HasListeners"/> is false and nothing is created.
/// </summary>
internal static class Tracing
{
    /// <summary>The name of the activity source (what <c>AddSource</c> names in OpenTelemetry).</summary>
    public const string SourceName = "FaustGen";

    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";

    // A key longer than this, or not text, is left out of the span: it would only bloat it.
    private const int MaxKeyBytes = 64;

    public static readonly ActivitySource Source = new(SourceName, typeof(App).Assembly.GetName().Version?.ToString(3));

    // Span names by topic, made once per topic rather than once per span.
    private static readonly ConcurrentDictionary<string, string> ProcessNames = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> SendNames = new(StringComparer.Ordinal);

    /// <summary>Starts the consumer span of an attempt at <paramref name="record"/>, or null when nobody listens.</summary>
    public static Activity? StartProcess(in ConsumedRecord record, string group, string agent, int attempt)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var parent = Extract(record.Headers);
        var activity = Source.StartActivity(ProcessNames.GetOrAdd(record.Topic, static topic => "process " + topic), ActivityKind.Consumer, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.destination.name", record.Topic);
            activity.SetTag("messaging.kafka.destination.partition", record.Partition);
            activity.SetTag("messaging.destination.partition.id", record.Partition.ToString(CultureInfo.InvariantCulture));
            activity.SetTag("messaging.kafka.offset", record.Offset);
            activity.SetTag("messaging.consumer.group.name", group);
            activity.SetTag("faustgen.agent", agent);
            if (attempt > 1)
            {
                activity.SetTag("faustgen.attempt", attempt);
            }

            SetKey(activity, record.Key);
        }

        return activity;
    }

    /// <summary>Starts the producer span of <paramref name="message"/>, as a child of the current span or else of the event
    /// being processed, and returns the message with that span's context in its headers; nothing when nobody listens.</summary>
    public static Activity? StartSend(ref OutgoingMessage message)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var parent = Activity.Current?.Context ?? Processing.EventContext.Current?.Span?.Context ?? default;
        var activity = Source.StartActivity(SendNames.GetOrAdd(message.Topic, static topic => "send " + topic), ActivityKind.Producer, parent);
        if (activity is null)
        {
            return null;
        }

        if (activity.IsAllDataRequested)
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.destination.name", message.Topic);
            if (message.Partition is { } partition)
            {
                activity.SetTag("messaging.kafka.destination.partition", partition);
            }

            SetKey(activity, message.Key);
        }

        message = message with { Headers = Inject(activity, message.Headers) };
        return activity;
    }

    /// <summary>Ends a producer span with where the message was written, or the error that kept it out.</summary>
    public static void EndSend(Activity? activity, RecordMetadata? written, Exception? error)
    {
        if (activity is null)
        {
            return;
        }

        if (written is { } metadata)
        {
            activity.SetTag("messaging.kafka.destination.partition", metadata.Partition);
            activity.SetTag("messaging.kafka.offset", metadata.Offset);
        }

        if (error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.Message);
            activity.SetTag("error.type", error.GetType().FullName);
        }

        activity.Stop();
    }

    /// <summary>Starts an internal span of the app (a commit, a transaction, a recovery), or null when nobody listens.</summary>
    public static Activity? StartInternal(string name, string group)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(name, ActivityKind.Internal);
        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.consumer.group.name", group);
        return activity;
    }

    /// <summary>Marks <paramref name="activity"/> failed with <paramref name="error"/>.</summary>
    public static void Fail(Activity? activity, Exception error)
    {
        activity?.SetStatus(ActivityStatusCode.Error, error.Message);
        activity?.SetTag("error.type", error.GetType().FullName);
    }

    private static ActivityContext Extract(MessageHeaders? headers)
    {
        if (headers?.GetLastString(TraceParent) is { } traceParent &&
            ActivityContext.TryParse(traceParent, headers.GetLastString(TraceState), isRemote: true, out var context))
        {
            return context;
        }

        return default;
    }

    private static MessageHeaders Inject(Activity activity, MessageHeaders? original)
    {
        var headers = new MessageHeaders();
        if (original is not null)
        {
            foreach (var header in original)
            {
                if (header.Key is not (TraceParent or TraceState))
                {
                    headers.Add(header.Key, header.Value);
                }
            }
        }

        headers.Add(TraceParent, activity.Id!);
        if (activity.TraceStateString is { Length: > 0 } state)
        {
            headers.Add(TraceState, state);
        }

        return headers;
    }

    private static void SetKey(Activity activity, byte[]? key)
    {
        if (key is { Length: > 0 and <= MaxKeyBytes } && IsText(key))
        {
            activity.SetTag("messaging.kafka.message.key", Encoding.UTF8.GetString(key));
        }
    }

    private static bool IsText(byte[] bytes)
    {
        foreach (var b in bytes)
        {
            if (b < 0x20 && b is not (byte)'\t')
            {
                return false;
            }
        }

        return System.Text.Unicode.Utf8.IsValid(bytes);
    }
}
