namespace FaustGen.Generators;

/// <summary>Everything one generated file is written from: an app and its valid members.</summary>
internal sealed record AppModel(
    AppSpec App,
    EquatableArray<TopicSpec> Topics,
    EquatableArray<TableSpec> Tables,
    EquatableArray<AgentSpec> Agents,
    EquatableArray<ScheduledSpec> Timers,
    EquatableArray<ScheduledSpec> StartupTasks,
    EquatableArray<ExtensionSpec> Extensions,
    EquatableArray<CustomCodecSpec> Codecs);
