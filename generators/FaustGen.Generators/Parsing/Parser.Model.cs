namespace FaustGen.Generators;

internal static partial class Parser
{
    /// <summary>Gathers an app's members (those whose owner is the app class) into the model of its file.</summary>
    public static AppModel BuildModel(AppSpec app, EquatableArray<MemberSpec> members, EquatableArray<ExtensionSpec> extensions, EquatableArray<CustomCodecSpec> codecs)
    {
        var own = members.Where(m => m.Owner == app.Type).ToList();
        var scheduled = own.OfType<ScheduledSpec>().ToList();
        return new AppModel(
            app,
            own.OfType<TopicSpec>().ToEquatableArray(),
            own.OfType<TableSpec>().ToEquatableArray(),
            own.OfType<AgentSpec>().ToEquatableArray(),
            scheduled.Where(s => s.IntervalSeconds is not null).ToEquatableArray(),
            scheduled.Where(s => s.IntervalSeconds is null).ToEquatableArray(),
            extensions,
            codecs);
    }
}
