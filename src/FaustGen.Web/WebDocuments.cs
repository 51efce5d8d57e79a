using System.Text.Json.Serialization;
using FaustGen.Monitoring;

namespace FaustGen.Web;

/// <summary>What <c>/stats</c> answers: the worker, its agents, partitions, tables, cluster and every instrument.</summary>
/// <param name="App">The app id.</param>
/// <param name="State">The app's state (<c>Running</c>, …).</param>
/// <param name="Ready">Whether it runs with its tables rebuilt.</param>
/// <param name="Worker">This worker's id in the cluster map.</param>
/// <param name="Leader">The leading worker's id, or null.</param>
/// <param name="Url">Where this worker is reached, or null.</param>
/// <param name="Taken">When the snapshot was taken.</param>
/// <param name="Agents">The agents.</param>
/// <param name="Assigned">The partitions this worker holds, with their lag.</param>
/// <param name="Standbys">The table partitions it keeps standby copies of.</param>
/// <param name="Recovery">How far rebuilding tables has come.</param>
/// <param name="Tables">The tables, as this worker holds them.</param>
/// <param name="Members">The workers of the app.</param>
/// <param name="Instruments">Every instrument of the app's meter.</param>
/// <param name="RecentErrors">The latest errors, newest first.</param>
public sealed record StatsDocument(
    string App,
    string State,
    bool Ready,
    string Worker,
    string? Leader,
    string? Url,
    DateTimeOffset Taken,
    IReadOnlyList<AgentDocument> Agents,
    IReadOnlyList<PartitionDocument> Assigned,
    IReadOnlyList<PartitionDocument> Standbys,
    RecoveryDocument Recovery,
    IReadOnlyList<TableDocument> Tables,
    IReadOnlyList<MemberDocument> Members,
    IReadOnlyList<InstrumentDocument> Instruments,
    IReadOnlyList<ErrorSnapshot> RecentErrors);

/// <summary>An agent and its rates.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Topic">The topic it consumes.</param>
/// <param name="Concurrency">How many actors run it.</param>
/// <param name="Processed">Events processed.</param>
/// <param name="Failed">Events that failed.</param>
/// <param name="InFlight">Events being processed now.</param>
/// <param name="Rate">Events processed per second over the last minute.</param>
/// <param name="MeanMs">Mean processing time over the last minute, in milliseconds, or null.</param>
/// <param name="Crashed">Whether it stopped on an error.</param>
/// <param name="LastError">Its last error's message, or null.</param>
public sealed record AgentDocument(string Name, string Topic, int Concurrency, long Processed, long Failed, int InFlight, double Rate, double? MeanMs, bool Crashed, string? LastError);

/// <summary>A partition and, for assigned ones, how many of its messages are not processed yet.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition number.</param>
/// <param name="Lag">Messages not yet processed, or null when not known.</param>
public sealed record PartitionDocument(string Topic, int Partition, long? Lag);

/// <summary>Recovery progress.</summary>
/// <param name="Complete">Whether every assigned table partition is rebuilt.</param>
/// <param name="Remaining">Changelog records still to replay.</param>
public sealed record RecoveryDocument(bool Complete, long Remaining);

/// <summary>A table as this worker holds it.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Help">Its help text, or null.</param>
/// <param name="KeyType">The key's type.</param>
/// <param name="ValueType">The value's type.</param>
/// <param name="Changelog">Its changelog topic.</param>
/// <param name="Partitions">Its partition count.</param>
/// <param name="Keys">Keys in the partitions this worker holds.</param>
/// <param name="WriteRate">Writes per second over the last minute.</param>
public sealed record TableDocument(string Name, string? Help, string KeyType, string ValueType, string Changelog, int Partitions, long Keys, double WriteRate);

/// <summary>A worker of the app.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Url">Where it is reached, or null.</param>
/// <param name="Leader">Whether it leads.</param>
/// <param name="Partitions">How many partitions it holds.</param>
public sealed record MemberDocument(string Id, string? Url, bool Leader, int Partitions);

/// <summary>An instrument of the meter.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Unit">Its unit, or null.</param>
/// <param name="Description">Its description, or null.</param>
/// <param name="Kind">counter, updowncounter, gauge or histogram.</param>
/// <param name="Series">Its series.</param>
public sealed record InstrumentDocument(string Name, string? Unit, string? Description, string Kind, IReadOnlyList<SeriesDocument> Series);

/// <summary>A series of an instrument.</summary>
/// <param name="Tags">Its tags.</param>
/// <param name="Value">A counter's total, a gauge's value, a histogram's count.</param>
/// <param name="Rate">Per second over the last minute, or null.</param>
/// <param name="Sum">A histogram's sum, or null.</param>
/// <param name="Min">A histogram's smallest measurement, or null.</param>
/// <param name="Max">A histogram's largest measurement, or null.</param>
/// <param name="Mean">A histogram's mean over the last minute, or null.</param>
public sealed record SeriesDocument(IReadOnlyDictionary<string, string> Tags, double Value, double? Rate, double? Sum, double? Min, double? Max, double? Mean);

/// <summary>Where a key of a table lives (<c>/router/{table}/{key}</c>).</summary>
/// <param name="Table">The table.</param>
/// <param name="Key">The key as given.</param>
/// <param name="Partition">The partition it lives in.</param>
/// <param name="Worker">The worker that holds the partition, or null when none is known to.</param>
/// <param name="Url">Where that worker is reached, or null.</param>
/// <param name="Local">Whether this worker holds it.</param>
public sealed record RouteDocument(string Table, string Key, int Partition, string? Worker, string? Url, bool Local);

/// <summary>A key's value (<c>/tables/{table}/{key}</c>).</summary>
/// <param name="Table">The table.</param>
/// <param name="Key">The key as given.</param>
/// <param name="Partition">The partition it lives in.</param>
/// <param name="Worker">The worker that answered.</param>
/// <param name="Value">The value as JSON.</param>
public sealed record ValueDocument(string Table, string Key, int Partition, string Worker, JsonRaw Value);

/// <summary>A windowed table's key (<c>/tables/{table}/{key}</c>, with <c>?at=</c>, <c>?from=</c> and <c>?to=</c>).</summary>
/// <param name="Table">The table.</param>
/// <param name="Key">The key as given.</param>
/// <param name="Partition">The partition it lives in.</param>
/// <param name="Worker">The worker that answered.</param>
/// <param name="Window">How the table cuts time into windows (<c>tumbling(00:01:00, expires 01:00:00)</c>).</param>
/// <param name="Current">The window current now by the table's clock, or at <c>?at=</c>, with the key's value in it
/// (the table's default when nothing was written to it).</param>
/// <param name="Windows">The key's windows, earliest first: every one the worker holds, or those starting from <c>?from=</c>
/// up to <c>?to=</c>.</param>
public sealed record WindowedValueDocument(string Table, string Key, int Partition, string Worker, string Window, WindowDocument Current, IReadOnlyList<WindowDocument> Windows);

/// <summary>A key's value in one window.</summary>
/// <param name="Start">The window's first instant.</param>
/// <param name="End">The first instant after it.</param>
/// <param name="Value">The value as JSON.</param>
public sealed record WindowDocument(DateTimeOffset Start, DateTimeOffset End, JsonRaw Value);

/// <summary>Health (<c>/health/live</c>, <c>/health/ready</c>).</summary>
/// <param name="Status">live, not-live, ready or not-ready.</param>
/// <param name="State">The app's state.</param>
/// <param name="Recovery">Recovery progress.</param>
public sealed record HealthDocument(string Status, string State, RecoveryDocument Recovery);

/// <summary>An error answer: what went wrong and what to do.</summary>
/// <param name="Error">The message.</param>
public sealed record ErrorDocument(string Error);

/// <summary>JSON text written as it is.</summary>
/// <param name="Json">The text.</param>
[JsonConverter(typeof(JsonRawConverter))]
public readonly record struct JsonRaw(string Json);

/// <summary>Writes <see cref="JsonRaw"/> as its text.</summary>
internal sealed class JsonRawConverter : JsonConverter<JsonRaw>
{
    public override JsonRaw Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
    {
        using var document = System.Text.Json.JsonDocument.ParseValue(ref reader);
        return new JsonRaw(document.RootElement.GetRawText());
    }

    public override void Write(System.Text.Json.Utf8JsonWriter writer, JsonRaw value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Json, skipInputValidation: false);
}

/// <summary>The web site's JSON, generated at build time (no reflection, so it works under Native AOT).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(StatsDocument))]
[JsonSerializable(typeof(RouteDocument))]
[JsonSerializable(typeof(ValueDocument))]
[JsonSerializable(typeof(WindowedValueDocument))]
[JsonSerializable(typeof(HealthDocument))]
[JsonSerializable(typeof(ErrorDocument))]
[JsonSerializable(typeof(TableDocument))]
[JsonSerializable(typeof(IReadOnlyList<TableDocument>))]
public sealed partial class WebJsonContext : JsonSerializerContext
{
    /// <summary>The context the site writes with: messages keep quotes and apostrophes readable (<c>'</c> rather than
    /// <c>\u0027</c>), which is safe in <c>application/json</c> answers; the dashboard inserts text, never HTML.</summary>
    public static WebJsonContext Readable { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
