namespace FaustGen.Generators;

internal static partial class Parser
{
    /// <summary>Gathers an app's members (those whose owner is the app class) into the model of its file.</summary>
    public static AppModel BuildModel(AppSpec app, EquatableArray<MemberSpec> members, EquatableArray<ExtensionSpec> extensions, EquatableArray<CustomCodecSpec> codecs)
    {
        var own = members.Where(m => m.Owner == app.Type).ToList();
        var scheduled = own.OfType<ScheduledSpec>().ToList();
        var topics = own.OfType<TopicSpec>().ToEquatableArray();
        var tables = own.OfType<TableSpec>().ToEquatableArray();

        // A property with two FaustGen attributes is parsed twice; it is implemented once, as what it validly is if anything.
        var implemented = new HashSet<string>(topics.Select(t => t.Property.Name).Concat(tables.Select(t => t.Property.Name)), StringComparer.Ordinal);
        return new AppModel(
            app,
            topics,
            tables,
            own.OfType<RefusedPropertySpec>().Where(r => implemented.Add(r.Name)).ToEquatableArray(),
            own.OfType<AgentSpec>().ToEquatableArray(),
            scheduled.Where(s => s.IntervalSeconds is not null).ToEquatableArray(),
            scheduled.Where(s => s.IntervalSeconds is null).ToEquatableArray(),
            own.OfType<HookSpec>().ToEquatableArray(),
            extensions,
            codecs,
            own.SelectMany(m => m.ProtobufMessages).Distinct().OrderBy(m => m, StringComparer.Ordinal).ToEquatableArray());
    }

    /// <summary>Gathers the partial properties of classes that are not apps by class, each into the model of a part of its own.</summary>
    public static IEnumerable<StrayModel> BuildStrays(EquatableArray<MemberSpec> members) =>
        members.OfType<RefusedPropertySpec>()
            .Where(p => p.Stray is not null)
            .GroupBy(p => p.Stray!)
            .Select(g => new StrayModel(g.Key, g.GroupBy(p => p.Name, StringComparer.Ordinal).Select(same => same.First()).ToEquatableArray()));
}
