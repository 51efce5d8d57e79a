namespace FaustGen.Generators.Rules;

/// <summary>
/// The fixed diagnostic ids, a block per area: 1xxx apps and settings, 2xxx topics, 3xxx agents,
/// 4xxx timers and startup tasks, 5xxx tables, 6xxx codecs and records. An id is never reused.
/// </summary>
internal static class DiagnosticIds
{
    public const string AppNotPartial = "FAUST1001";
    public const string AppKind = "FAUST1002";
    public const string AppBase = "FAUST1003";
    public const string AppDefinesDefine = "FAUST1004";
    public const string MemberOutsideApp = "FAUST1005";
    public const string AppId = "FAUST1006";
    public const string BrokerUrl = "FAUST1007";
    public const string StoreUrl = "FAUST1008";
    public const string Setting = "FAUST1009";
    public const string DuplicateAppId = "FAUST1010";

    public const string TopicName = "FAUST2001";
    public const string TopicNameMixesSeparators = "FAUST2002";
    public const string TopicPropertyNotPartial = "FAUST2003";
    public const string TopicPropertyType = "FAUST2004";
    public const string Partitions = "FAUST2005";
    public const string Retention = "FAUST2006";
    public const string TopicTypes = "FAUST2007";
    public const string CoPartitioning = "FAUST2008";

    public const string AgentSignature = "FAUST3001";
    public const string AsyncVoid = "FAUST3002";
    public const string SourceTypes = "FAUST3003";
    public const string SinkTypes = "FAUST3004";
    public const string SinksWithoutResults = "FAUST3005";
    public const string Concurrency = "FAUST3006";
    public const string ConcurrentTableWrite = "FAUST3007";
    public const string ConcurrentGroupBy = "FAUST3008";
    public const string SharedTopic = "FAUST3009";
    public const string DuplicateAgentName = "FAUST3010";
    public const string AgentName = "FAUST3011";
    public const string ErrorPolicy = "FAUST3012";
    public const string DeadLetterWithoutPolicy = "FAUST3013";
    public const string RetryCount = "FAUST3014";
    public const string RetryDelay = "FAUST3015";
    public const string RetryOn = "FAUST3016";

    public const string TimerInterval = "FAUST4001";
    public const string ScheduledSignature = "FAUST4002";
    public const string HookSignature = "FAUST4003";

    public const string TableName = "FAUST5001";
    public const string TablePropertyNotPartial = "FAUST5002";
    public const string TablePropertyType = "FAUST5003";
    public const string TableDefault = "FAUST5004";
    public const string DuplicateTable = "FAUST5005";
    public const string ChangelogCollision = "FAUST5006";
    public const string ChangelogCollisionAcrossApps = "FAUST5007";
    public const string Window = "FAUST5008";
    public const string WindowTime = "FAUST5009";
    public const string WindowCloseHandler = "FAUST5010";
    public const string TableWriteOutsideAgent = "FAUST5011";

    public const string CodecName = "FAUST6001";
    public const string CodecCannotCarry = "FAUST6002";
    public const string DefaultCodecCannotCarry = "FAUST6003";
    public const string RecordNotPartial = "FAUST6004";
    public const string RecordKind = "FAUST6005";
    public const string RecordConstructor = "FAUST6006";
    public const string RecordMemberType = "FAUST6007";
    public const string RecordFieldName = "FAUST6008";
    public const string RecordSubtype = "FAUST6009";
    public const string CustomCodec = "FAUST6010";
}
