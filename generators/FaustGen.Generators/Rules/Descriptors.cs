using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Rules;

/// <summary>
/// Every diagnostic FaustGen reports: one rule per id, each with a page under docs/diagnostics. The analyzers report
/// them; the generator, which compiles them in too, names them in what its refused properties throw, and reports
/// <see cref="AppNotPartial"/> itself where a build would stop before the analyzers (see <see cref="AppRules.IsReportedByGenerator"/>).
/// </summary>
internal static class Descriptors
{
    private const string HelpLinkBase = "https://github.com/faustgen/faustgen/blob/main/docs/diagnostics/";

    private const string Apps = "FaustGen.Apps";
    private const string Topics = "FaustGen.Topics";
    private const string Agents = "FaustGen.Agents";
    private const string Scheduling = "FaustGen.Scheduling";
    private const string Tables = "FaustGen.Tables";
    private const string Codecs = "FaustGen.Codecs";

    public static readonly DiagnosticDescriptor AppNotPartial = Error(DiagnosticIds.AppNotPartial, Apps,
        "[App] class must be partial",
        "'{0}' must be declared partial so the generator can complete the [App] class '{1}'");

    public static readonly DiagnosticDescriptor AppKind = Error(DiagnosticIds.AppKind, Apps,
        "[App] must be a non-static, non-generic class",
        "The generator cannot complete [App] type '{0}': {1}");

    public static readonly DiagnosticDescriptor AppBase = Error(DiagnosticIds.AppBase, Apps,
        "[App] class must derive from nothing or from FaustGen.App",
        "[App] class '{0}' derives from '{1}'; it must derive from nothing or from FaustGen.App");

    public static readonly DiagnosticDescriptor AppDefinesDefine = Error(DiagnosticIds.AppDefinesDefine, Apps,
        "[App] class must not declare Define",
        "[App] class '{0}' declares Define(AppDefinition), which the generator writes");

    public static readonly DiagnosticDescriptor MemberOutsideApp = Error(DiagnosticIds.MemberOutsideApp, Apps,
        "FaustGen member outside an [App] class",
        "[{0}] on '{1}' has no effect: '{2}' is not an [App] class");

    public static readonly DiagnosticDescriptor AppId = Error(DiagnosticIds.AppId, Apps,
        "Invalid app id",
        "App id '{0}' is invalid: {1}");

    public static readonly DiagnosticDescriptor BrokerUrl = Error(DiagnosticIds.BrokerUrl, Apps,
        "Invalid broker URL",
        "Broker URL '{0}' is invalid: {1}");

    public static readonly DiagnosticDescriptor StoreUrl = Error(DiagnosticIds.StoreUrl, Apps,
        "Invalid store URL",
        "Store URL '{0}' is invalid: {1}");

    public static readonly DiagnosticDescriptor Setting = Error(DiagnosticIds.Setting, Apps,
        "App setting out of range",
        "Setting '{0}' is out of range: {1}");

    public static readonly DiagnosticDescriptor DuplicateAppId = Warning(DiagnosticIds.DuplicateAppId, Apps,
        "Two [App] classes share an app id",
        "App id '{0}' of '{1}' is also the id of '{2}'; the apps would share a consumer group and internal topics",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor TopicName = Error(DiagnosticIds.TopicName, Topics,
        "Invalid topic name",
        "Topic name '{0}' is invalid: {1}");

    public static readonly DiagnosticDescriptor TopicNameMixesSeparators = Warning(DiagnosticIds.TopicNameMixesSeparators, Topics,
        "Topic name mixes '.' and '_'",
        "Topic name '{0}' mixes '.' and '_', which Kafka's metric names cannot tell apart; use only one of them");

    public static readonly DiagnosticDescriptor TopicPropertyNotPartial = Error(DiagnosticIds.TopicPropertyNotPartial, Topics,
        "[Topic] property must be partial with only 'get;'",
        "[Topic] property '{0}' must be declared 'partial' with only 'get;', so the generator can implement it");

    public static readonly DiagnosticDescriptor TopicPropertyType = Error(DiagnosticIds.TopicPropertyType, Topics,
        "[Topic] property must be an instance property of type Topic<K, V>",
        "[Topic] property '{0}' cannot be implemented: {1}");

    public static readonly DiagnosticDescriptor Partitions = Error(DiagnosticIds.Partitions, Topics,
        "Partition count must not be negative",
        "Partition count {0} is invalid: {1}");

    public static readonly DiagnosticDescriptor Retention = Error(DiagnosticIds.Retention, Topics,
        "Retention must be a finite number of seconds, 0 or more",
        "Retention {0} is invalid: {1}");

    public static readonly DiagnosticDescriptor TopicTypes = Error(DiagnosticIds.TopicTypes, Topics,
        "Topic used with different key or value types",
        "Topic '{0}' is used as {1} here but as {2} by '{3}'; the runtime refuses a topic declared with two types");

    public static readonly DiagnosticDescriptor CoPartitioning = Error(DiagnosticIds.CoPartitioning, Topics,
        "Source topics and tables must be co-partitioned",
        "{0} has {1} partitions but {2} has {3}; an app with tables needs one partition count for its agents' topics and its tables");

    public static readonly DiagnosticDescriptor AgentSignature = Error(DiagnosticIds.AgentSignature, Agents,
        "Unsupported agent signature",
        "Agent '{0}' has an unsupported signature: {1}");

    public static readonly DiagnosticDescriptor AsyncVoid = Error(DiagnosticIds.AsyncVoid, Agents,
        "Agent, timer or startup task is async void",
        "'{0}' is async void, so its failures cannot be observed; return Task or ValueTask");

    public static readonly DiagnosticDescriptor SourceTypes = Error(DiagnosticIds.SourceTypes, Agents,
        "Agent's types do not match its declared topic",
        "Agent '{0}' cannot read its topic: {1}");

    public static readonly DiagnosticDescriptor SinkTypes = Error(DiagnosticIds.SinkTypes, Agents,
        "Agent's results do not match a declared sink topic",
        "Agent '{0}' cannot send its results to sink '{1}': {2}");

    public static readonly DiagnosticDescriptor SinksWithoutResults = Error(DiagnosticIds.SinksWithoutResults, Agents,
        "Sinks on an agent that yields no results",
        "Agent '{0}' has sinks but yields no results; only an agent returning IAsyncEnumerable<R> sends to sinks");

    public static readonly DiagnosticDescriptor Concurrency = Error(DiagnosticIds.Concurrency, Agents,
        "Agent concurrency must be 1 or more",
        "Agent '{0}' has concurrency {1}; it must be 1 or more");

    public static readonly DiagnosticDescriptor ConcurrentTableWrite = Error(DiagnosticIds.ConcurrentTableWrite, Agents,
        "Concurrent agent writes to a table",
        "Agent '{0}' has concurrency {1} and writes to table '{2}'; concurrent copies would race on the table, so use concurrency 1");

    public static readonly DiagnosticDescriptor ConcurrentGroupBy = Error(DiagnosticIds.ConcurrentGroupBy, Agents,
        "Concurrent agent repartitions its stream",
        "Agent '{0}' has concurrency {1} and calls GroupBy; repartitioning needs concurrency 1");

    public static readonly DiagnosticDescriptor SharedTopic = Warning(DiagnosticIds.SharedTopic, Agents,
        "Several agents consume one topic",
        "Agents '{0}' and '{1}' both consume topic '{2}', so each receives every event; if that is intended, give '{0}' an explicit Name");

    public static readonly DiagnosticDescriptor DuplicateAgentName = Error(DiagnosticIds.DuplicateAgentName, Agents,
        "Duplicate agent name",
        "Agent name '{0}' is already used by '{1}' in this app");

    public static readonly DiagnosticDescriptor AgentName = Error(DiagnosticIds.AgentName, Agents,
        "Agent name must not be empty",
        "The name of agent '{0}' must not be empty");

    public static readonly DiagnosticDescriptor ErrorPolicy = Error(DiagnosticIds.ErrorPolicy, Agents,
        "Unknown agent error policy",
        "OnError of agent '{0}' is not a member of AgentErrorPolicy");

    public static readonly DiagnosticDescriptor DeadLetterWithoutPolicy = Warning(DiagnosticIds.DeadLetterWithoutPolicy, Agents,
        "Dead-letter topic without the DeadLetter policy",
        "Agent '{0}' names a dead-letter topic, but its OnError is {1}; failed events go there only with OnError = AgentErrorPolicy.DeadLetter");

    public static readonly DiagnosticDescriptor RetryCount = Error(DiagnosticIds.RetryCount, Agents,
        "Retry count out of range",
        "Retry count {0} is out of range: {1}");

    public static readonly DiagnosticDescriptor RetryDelay = Error(DiagnosticIds.RetryDelay, Agents,
        "Invalid retry delay",
        "Retry setting {0} is invalid: {1}");

    public static readonly DiagnosticDescriptor RetryOn = Error(DiagnosticIds.RetryOn, Agents,
        "RetryOn names a type that is not an exception",
        "RetryOn of '{0}' names a type that is not an exception: {1}");

    public static readonly DiagnosticDescriptor HookSignature = Error(DiagnosticIds.HookSignature, Scheduling,
        "Unsupported lifecycle hook signature",
        "Lifecycle hook '{0}' has an unsupported signature: {1}");

    public static readonly DiagnosticDescriptor TimerInterval = Error(DiagnosticIds.TimerInterval, Scheduling,
        "Timer interval must be positive",
        "Timer '{0}' has interval {1}; it must be a positive, finite number of seconds");

    public static readonly DiagnosticDescriptor ScheduledSignature = Error(DiagnosticIds.ScheduledSignature, Scheduling,
        "Unsupported timer or startup task signature",
        "'{0}' has an unsupported signature: {1}");

    public static readonly DiagnosticDescriptor TableName = Error(DiagnosticIds.TableName, Tables,
        "Invalid table name",
        "Table name '{0}' cannot be part of its changelog topic's name: {1}");

    public static readonly DiagnosticDescriptor TablePropertyNotPartial = Error(DiagnosticIds.TablePropertyNotPartial, Tables,
        "[Table] property must be partial with only 'get;'",
        "[Table] property '{0}' must be declared 'partial' with only 'get;', so the generator can implement it");

    public static readonly DiagnosticDescriptor TablePropertyType = Error(DiagnosticIds.TablePropertyType, Tables,
        "[Table] property must be an instance property of type Table<K, V>",
        "[Table] property '{0}' cannot be implemented: {1}");

    public static readonly DiagnosticDescriptor TableDefault = Error(DiagnosticIds.TableDefault, Tables,
        "Table default of the wrong type",
        "The default of table '{0}' is invalid: {1}");

    public static readonly DiagnosticDescriptor DuplicateTable = Error(DiagnosticIds.DuplicateTable, Tables,
        "Duplicate table name",
        "Table name '{0}' is already used by '{1}' in this app");

    public static readonly DiagnosticDescriptor ChangelogCollision = Error(DiagnosticIds.ChangelogCollision, Tables,
        "Changelog topic collides with a topic of the app",
        "Changelog topic '{0}' of table '{1}' is also {2}");

    public static readonly DiagnosticDescriptor ChangelogCollisionAcrossApps = Error(DiagnosticIds.ChangelogCollisionAcrossApps, Tables,
        "Changelog topics of two apps collide",
        "Changelog topic '{0}' of table '{1}' is also the changelog topic of table '{2}' of app '{3}'",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor Window = Error(DiagnosticIds.Window, Tables,
        "Invalid window",
        "The window of table '{0}' cannot be kept: {1}");

    public static readonly DiagnosticDescriptor WindowTime = Error(DiagnosticIds.WindowTime, Tables,
        "Invalid window time",
        "The time of windowed table '{0}' cannot be read: {1}");

    public static readonly DiagnosticDescriptor WindowCloseHandler = Error(DiagnosticIds.WindowCloseHandler, Tables,
        "Invalid window close handler",
        "OnWindowClose of table '{0}' is invalid: {1}");

    public static readonly DiagnosticDescriptor TableWriteOutsideAgent = Error(DiagnosticIds.TableWriteOutsideAgent, Tables,
        "Table changed outside an agent",
        "'{0}' changes table '{1}' but is not an agent; a table can only be changed while an agent processes an event, so this throws at run time");

    public static readonly DiagnosticDescriptor CodecName = Error(DiagnosticIds.CodecName, Codecs,
        "Unknown codec name",
        "Codec '{0}' is invalid: {1}");

    public static readonly DiagnosticDescriptor CodecCannotCarry = Error(DiagnosticIds.CodecCannotCarry, Codecs,
        "Codec cannot carry the type",
        "Codec '{0}' cannot carry the {1} type '{2}' of {3}");

    public static readonly DiagnosticDescriptor DefaultCodecCannotCarry = Warning(DiagnosticIds.DefaultCodecCannotCarry, Codecs,
        "Default codec cannot carry the type",
        "The default {1} codec '{0}' cannot carry the {1} type '{2}' of {3}; name a codec that can, or mark the type [Record]");

    public static readonly DiagnosticDescriptor RecordNotPartial = Error(DiagnosticIds.RecordNotPartial, Codecs,
        "[Record] type must be partial",
        "'{0}' must be declared partial so the generator can add the codecs of [Record] '{1}'");

    public static readonly DiagnosticDescriptor RecordKind = Error(DiagnosticIds.RecordKind, Codecs,
        "Unsupported kind of [Record] type",
        "[Record] type '{0}' is not supported: {1}");

    public static readonly DiagnosticDescriptor RecordConstructor = Error(DiagnosticIds.RecordConstructor, Codecs,
        "[Record] type cannot be built from its fields",
        "[Record] '{0}' cannot be built from its fields: {1}");

    public static readonly DiagnosticDescriptor RecordMemberType = Error(DiagnosticIds.RecordMemberType, Codecs,
        "[Record] member of a type no codec supports",
        "[Record] '{0}' has a member no codec supports: {1}");

    public static readonly DiagnosticDescriptor RecordFieldName = Error(DiagnosticIds.RecordFieldName, Codecs,
        "[Record] field name empty or repeated",
        "[Record] '{0}' has an invalid field name: {1}");

    public static readonly DiagnosticDescriptor RecordSubtype = Error(DiagnosticIds.RecordSubtype, Codecs,
        "Invalid [RecordSubtype]",
        "[Record] '{0}' has an invalid subtype: {1}");

    public static readonly DiagnosticDescriptor CustomCodec = Error(DiagnosticIds.CustomCodec, Codecs,
        "Custom codec cannot be registered",
        "Custom codec '{0}' cannot be registered: {1}");

    /// <summary>
    /// The diagnostic for a violation of <paramref name="rule"/> by a declaration of <paramref name="kind"/>, or null
    /// for <see cref="RuleId.Unreported"/>. A rule several kinds share (a partial property, a signature) has an id per kind.
    /// </summary>
    public static DiagnosticDescriptor? For(RuleId rule, MemberKind kind) => rule switch
    {
        RuleId.AppNotPartial => AppNotPartial,
        RuleId.AppKind => AppKind,
        RuleId.AppBase => AppBase,
        RuleId.AppDefinesDefine => AppDefinesDefine,
        RuleId.AppId => AppId,
        RuleId.BrokerUrl => BrokerUrl,
        RuleId.StoreUrl => StoreUrl,
        RuleId.Setting => Setting,
        RuleId.TopicName => TopicName,
        RuleId.PropertyNotPartial => kind == MemberKind.Table ? TablePropertyNotPartial : TopicPropertyNotPartial,
        RuleId.PropertyType => kind == MemberKind.Table ? TablePropertyType : TopicPropertyType,
        RuleId.Partitions => Partitions,
        RuleId.Retention => Retention,
        RuleId.Signature => kind == MemberKind.Agent ? AgentSignature : ScheduledSignature,
        RuleId.AsyncVoid => AsyncVoid,
        RuleId.SourceTypes => SourceTypes,
        RuleId.SinkTypes => SinkTypes,
        RuleId.SinksWithoutResults => SinksWithoutResults,
        RuleId.Concurrency => Concurrency,
        RuleId.AgentName => AgentName,
        RuleId.ErrorPolicy => ErrorPolicy,
        RuleId.RetryCount => RetryCount,
        RuleId.RetryDelay => RetryDelay,
        RuleId.RetryOn => RetryOn,
        RuleId.TimerInterval => TimerInterval,
        RuleId.HookSignature => HookSignature,
        RuleId.TableName => TableName,
        RuleId.TableDefault => TableDefault,
        RuleId.Window => Window,
        RuleId.WindowTime => WindowTime,
        RuleId.WindowCloseHandler => WindowCloseHandler,
        RuleId.CodecName => CodecName,
        RuleId.RecordNotPartial => RecordNotPartial,
        RuleId.RecordKind => RecordKind,
        RuleId.RecordConstructor => RecordConstructor,
        RuleId.RecordMemberType => RecordMemberType,
        RuleId.RecordFieldName => RecordFieldName,
        RuleId.RecordSubtype => RecordSubtype,
        RuleId.CustomCodec => CustomCodec,
        _ => null,
    };

    private static DiagnosticDescriptor Error(string id, string category, string title, string message, params string[] tags) =>
        Create(id, category, title, message, DiagnosticSeverity.Error, tags);

    private static DiagnosticDescriptor Warning(string id, string category, string title, string message, params string[] tags) =>
        Create(id, category, title, message, DiagnosticSeverity.Warning, tags);

    private static DiagnosticDescriptor Create(string id, string category, string title, string message, DiagnosticSeverity severity, string[] tags) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md", customTags: tags);
}
