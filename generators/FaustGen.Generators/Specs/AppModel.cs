namespace FaustGen.Generators;

/// <summary>Everything one generated file is written from: an app, its valid members, and the partial properties it refuses.</summary>
/// <param name="ProtobufMessages">The protobuf message types its members carry, fully qualified, whose parsers it registers.</param>
internal sealed record AppModel(
    AppSpec App,
    EquatableArray<TopicSpec> Topics,
    EquatableArray<TableSpec> Tables,
    EquatableArray<RefusedPropertySpec> Refused,
    EquatableArray<AgentSpec> Agents,
    EquatableArray<ScheduledSpec> Timers,
    EquatableArray<ScheduledSpec> StartupTasks,
    EquatableArray<HookSpec> Hooks,
    EquatableArray<ExtensionSpec> Extensions,
    EquatableArray<CustomCodecSpec> Codecs,
    EquatableArray<string> ProtobufMessages);
