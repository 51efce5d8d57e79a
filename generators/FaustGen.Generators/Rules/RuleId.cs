namespace FaustGen.Generators.Rules;

/// <summary>
/// Which rule a declaration breaks. The generator only asks whether one is broken and leaves the declaration
/// out; the analyzers report each rule as a diagnostic of its own.
/// </summary>
internal enum RuleId
{
    /// <summary>
    /// Broken in a way that is not reported again: the compiler already reports it (a type or constant that does
    /// not bind, a named argument the attribute lacks), the runtime is not referenced, or a null setting means
    /// "not set".
    /// </summary>
    Unreported,

    /// <summary>An [App] class, or a type containing one, is not partial.</summary>
    AppNotPartial,

    /// <summary>An [App] type is not a non-static, non-generic class outside generic types.</summary>
    AppKind,

    /// <summary>An [App] class derives from something other than FaustGen.App.</summary>
    AppBase,

    /// <summary>An [App] class declares the Define the generator writes.</summary>
    AppDefinesDefine,

    AppId,
    BrokerUrl,
    StoreUrl,

    /// <summary>A setting of [App] is out of range.</summary>
    Setting,

    /// <summary>A topic name Kafka rejects (a topic, a sink or a dead-letter topic).</summary>
    TopicName,

    /// <summary>A [Topic] or table property ([Table], [WindowedTable], [GlobalTable], [SetTable]) is not declared <c>partial</c> with only <c>get;</c>.</summary>
    PropertyNotPartial,

    /// <summary>A [Topic] or table property is not an instance property of its type (Topic&lt;K, V&gt;, Table&lt;K, V&gt;, WindowedTable&lt;K, V&gt;, …).</summary>
    PropertyType,

    Partitions,
    Retention,

    /// <summary>An agent, timer or startup task method whose signature is not a supported shape.</summary>
    Signature,

    /// <summary>An agent, timer or startup task that is <c>async void</c>.</summary>
    AsyncVoid,

    /// <summary>An agent whose key and value types disagree with the [Topic] that declares its topic.</summary>
    SourceTypes,

    /// <summary>A yielding agent whose results a declared sink topic does not carry.</summary>
    SinkTypes,

    /// <summary>Sinks on an agent that does not yield results.</summary>
    SinksWithoutResults,

    Concurrency,
    AgentName,
    ErrorPolicy,

    /// <summary>A [Retry] count out of range: MaxAttempts below 1, Topics below 0.</summary>
    RetryCount,

    /// <summary>A [Retry] delay that is negative or not finite, a MaxDelay below Delay, or a Backoff that is no RetryBackoff.</summary>
    RetryDelay,

    /// <summary>A type in [Retry(RetryOn = …)] that is not an exception.</summary>
    RetryOn,

    TimerInterval,

    /// <summary>A lifecycle hook ([OnStarted], [OnPartitionsAssigned], …) whose signature is not a supported shape.</summary>
    HookSignature,
    TableName,
    TableDefault,

    /// <summary>A windowed table's window (kind, size, step, expiry) that cannot be kept.</summary>
    Window,

    /// <summary>A windowed table's time: RelativeToField that names no fitting method, or set with RelativeToNow.</summary>
    WindowTime,

    /// <summary>A windowed table's OnWindowClose that names no fitting method, or that is never called (no expiry).</summary>
    WindowCloseHandler,

    /// <summary>A codec name that names no codec.</summary>
    CodecName,

    /// <summary>A [Record] type, or a type containing one, is not partial.</summary>
    RecordNotPartial,

    /// <summary>A [Record] type is not a non-generic, non-static class or struct reachable from its module (public or internal).</summary>
    RecordKind,

    /// <summary>A [Record] type has no constructor the generated code can call with its fields.</summary>
    RecordConstructor,

    /// <summary>A field of a [Record] has a type no generated codec carries.</summary>
    RecordMemberType,

    /// <summary>A [Record]'s field names (or its type tag) are empty or repeated.</summary>
    RecordFieldName,

    /// <summary>A [RecordSubtype] that is not a [Record] deriving from the marked one, or a tag that is empty or repeated.</summary>
    RecordSubtype,

    /// <summary>A [CodecName] class the generator cannot register, or a name that is not a single new codec name.</summary>
    CustomCodec,
}
