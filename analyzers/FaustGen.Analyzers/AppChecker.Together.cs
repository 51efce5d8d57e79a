using FaustGen.Generators.Rules;
using FaustGen.Validation;
using Microsoft.CodeAnalysis;

namespace FaustGen.Analyzers;

internal sealed partial class AppChecker
{
    /// <summary>Agents that share a name or a topic, and concurrent agents whose bodies need concurrency 1.</summary>
    private void CheckAgentsTogether(AppBodies bodies)
    {
        var byName = new Dictionary<string, AgentMember>(StringComparer.Ordinal);
        var byTopic = new Dictionary<string, AgentMember>(StringComparer.Ordinal);
        foreach (var agent in agents)
        {
            var method = agent.Method;
            if (byName.TryGetValue(agent.Arguments.Name, out var namesake))
            {
                var location = (agent.IsNamed ? Locations.OfArgument(agent.Attribute, "Name", -1, CancellationToken) : null) ?? Locations.Of(method, CancellationToken);
                Report(Descriptors.DuplicateAgentName, location, agent.Arguments.Name, namesake.Method.Name);
            }
            else
            {
                byName.Add(agent.Arguments.Name, agent);
            }

            if (!byTopic.TryGetValue(agent.Arguments.Topic, out var first))
            {
                byTopic.Add(agent.Arguments.Topic, agent);
            }
            else if (!agent.IsNamed)
            {
                Report(Descriptors.SharedTopic, Locations.Of(method, CancellationToken), method.Name, first.Method.Name, agent.Arguments.Topic);
            }

            if (agent.Arguments.Concurrency > 1)
            {
                // Once per table, pointing at the first write in the source as well.
                var concurrency = Locations.OfArgument(agent.Attribute, "Concurrency", -1, CancellationToken) ?? Locations.Of(method, CancellationToken);
                foreach (var writes in bodies.TableWrites.Where(w => SymbolEqualityComparer.Default.Equals(w.Member, method)).GroupBy(w => w.Table).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    var table = tables.Find(t => t.Property.Name == writes.Key)?.Declaration.Name ?? writes.Key;
                    Report(Descriptors.ConcurrentTableWrite, concurrency, First(writes.Select(w => w.Location)), method.Name, agent.Arguments.Concurrency, table);
                }

                var groupBys = bodies.GroupBys.Where(g => SymbolEqualityComparer.Default.Equals(g.Agent, method)).Select(g => g.Location).ToList();
                if (groupBys.Count > 0)
                {
                    Report(Descriptors.ConcurrentGroupBy, concurrency, First(groupBys), method.Name, agent.Arguments.Concurrency);
                }
            }
        }
    }

    private static Location First(IEnumerable<Location> locations) =>
        locations.OrderBy(l => l.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(l => l.SourceSpan.Start).First();

    /// <summary>
    /// The runtime declares a topic once per name, with one key and value type: a [Topic] property declares it, or
    /// the first agent that reads or sinks into it. Every other use must agree.
    /// </summary>
    private void CheckTopicTypes()
    {
        var bytes = symbols.Compilation.CreateArrayTypeSymbol(symbols.Compilation.GetSpecialType(SpecialType.System_Byte));
        var first = new Dictionary<string, (ITypeSymbol Key, ITypeSymbol Value, string User)>(StringComparer.Ordinal);

        void Use(string topic, ITypeSymbol? key, ITypeSymbol value, string user, Location location)
        {
            key ??= bytes;
            if (!first.TryGetValue(topic, out var earlier))
            {
                first.Add(topic, (key, value, user));
            }
            else if (!SymbolEqualityComparer.Default.Equals(key, earlier.Key) || !SymbolEqualityComparer.Default.Equals(value, earlier.Value))
            {
                Report(Descriptors.TopicTypes, location, topic, TopicType(key, value), TopicType(earlier.Key, earlier.Value), earlier.User);
            }
        }

        foreach (var topic in topics)
        {
            Use(topic.Declaration.Name, topic.Declaration.Key, topic.Declaration.Value, topic.Property.Name,
                Locations.OfArgument(topic.Attribute, Violation.ConstructorArgument, -1, CancellationToken) ?? Locations.Of(topic.Property, CancellationToken));
        }

        foreach (var agent in agents)
        {
            if (agent.Source.Property is null)
            {
                Use(agent.Arguments.Topic, agent.Source.Key, agent.Source.Value, agent.Method.Name,
                    Locations.OfArgument(agent.Attribute, Violation.ConstructorArgument, -1, CancellationToken) ?? Locations.Of(agent.Method, CancellationToken));
            }

            for (var i = 0; i < agent.Sinks.Count; i++)
            {
                if (agent.Sinks[i].Property is null)
                {
                    Use(agent.Arguments.Sinks[i], null, agent.Sinks[i].Value, agent.Method.Name,
                        Locations.OfArgument(agent.Attribute, "Sinks", i, CancellationToken) ?? Locations.Of(agent.Method, CancellationToken));
                }
            }
        }
    }

    private static string TopicType(ITypeSymbol key, ITypeSymbol value) =>
        "Topic<" + key.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + ", " + value.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + ">";

    /// <summary>
    /// An app with tables needs its agents' topics and its tables' changelogs to have one partition count, so that
    /// a worker's tables hold the keys its agents see (the runtime refuses to start otherwise). Only counts the
    /// attributes give are compared; the others are known only to the broker.
    /// </summary>
    private void CheckCoPartitioning()
    {
        if (tables.Count == 0)
        {
            return;
        }

        var declared = new List<(string What, int Partitions, Location Location)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var agent in agents)
        {
            if (agent.Source.Property is { } property && seen.Add(agent.Arguments.Topic) &&
                topics.Find(t => SymbolEqualityComparer.Default.Equals(t.Property, property)) is { Declaration.Partitions: > 0 } topic)
            {
                declared.Add(("topic '" + topic.Declaration.Name + "'", topic.Declaration.Partitions, PartitionsLocation(topic.Attribute, property)));
            }
        }

        // Every worker holds all of a global table, so its partition count is free.
        foreach (var table in tables.Where(t => t.Declaration.Kind != TableKind.Global))
        {
            if (table.Declaration.Partitions > 0)
            {
                declared.Add(("table '" + table.Declaration.Name + "'", table.Declaration.Partitions, PartitionsLocation(table.Attribute, table.Property)));
            }
        }

        // The count most declarations agree on is taken as the intended one; the first of them is named in the message.
        var majority = declared.GroupBy(d => d.Partitions).OrderByDescending(g => g.Count()).FirstOrDefault()?.First();
        if (majority is not { } reference)
        {
            return;
        }

        foreach (var item in declared)
        {
            if (item.Partitions != reference.Partitions)
            {
                Report(Descriptors.CoPartitioning, item.Location, item.What, item.Partitions, reference.What, reference.Partitions);
            }
        }
    }

    private Location PartitionsLocation(AttributeData attribute, ISymbol member) =>
        Locations.OfArgument(attribute, "Partitions", -1, CancellationToken) ?? Locations.Of(member, CancellationToken);

    /// <summary>Tables that share a name, and changelog topics that another topic of the app writes to.</summary>
    private void CheckTables(string? appId)
    {
        var byName = new Dictionary<string, TableMember>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            if (byName.TryGetValue(table.Declaration.Name, out var namesake))
            {
                Report(Descriptors.DuplicateTable, TableNameLocation(table), table.Declaration.Name, namesake.Property.Name);
            }
            else
            {
                byName.Add(table.Declaration.Name, table);
            }
        }

        if (appId is null || byName.Count == 0)
        {
            return;
        }

        // The id and the table's name are each valid, but together they may be too long for Kafka.
        var changelogs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in byName.Values)
        {
            var changelog = Names.ChangelogTopic(appId, table.Declaration.Name);
            if (Names.TopicNameError(changelog) is { } error)
            {
                Report(Descriptors.TableName, TableNameLocation(table), table.Declaration.Name, "its changelog topic '" + changelog + "' is invalid: " + error);
            }

            changelogs[changelog] = table.Declaration.Name;
        }

        void Check(string topic, string what, Location location)
        {
            if (changelogs.TryGetValue(topic, out var table))
            {
                Report(Descriptors.ChangelogCollision, location, topic, table, what);
            }
        }

        // Only what writes to a topic, or creates it, can spoil a changelog; reading one is allowed.
        foreach (var topic in topics)
        {
            if (topic.Declaration.Internal)
            {
                Check(topic.Declaration.Name, "the internal topic declared by '" + topic.Property.Name + "'",
                    Locations.OfArgument(topic.Attribute, Violation.ConstructorArgument, -1, CancellationToken) ?? Locations.Of(topic.Property, CancellationToken));
            }
        }

        foreach (var agent in agents)
        {
            for (var i = 0; i < agent.Arguments.Sinks.Count; i++)
            {
                Check(agent.Arguments.Sinks[i], "a sink of agent '" + agent.Method.Name + "'",
                    Locations.OfArgument(agent.Attribute, "Sinks", i, CancellationToken) ?? Locations.Of(agent.Method, CancellationToken));
            }

            if (agent.Arguments.DeadLetterTopic is { } deadLetter)
            {
                Check(deadLetter, "the dead-letter topic of agent '" + agent.Method.Name + "'",
                    Locations.OfArgument(agent.Attribute, "DeadLetterTopic", -1, CancellationToken) ?? Locations.Of(agent.Method, CancellationToken));
            }
        }
    }

    private Location TableNameLocation(TableMember table) =>
        Locations.OfArgument(table.Attribute, Violation.ConstructorArgument, -1, CancellationToken) ?? Locations.Of(table.Property, CancellationToken);

    private AppSummary Summarize(string? appId, AttributeData attribute)
    {
        var changelogs = new List<AppSummary.Changelog>();
        if (appId is not null)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var table in tables)
            {
                if (names.Add(table.Declaration.Name))
                {
                    changelogs.Add(new AppSummary.Changelog(Names.ChangelogTopic(appId, table.Declaration.Name), table.Declaration.Name, TableNameLocation(table)));
                }
            }
        }

        var location = Locations.OfArgument(attribute, Violation.ConstructorArgument, -1, CancellationToken) ?? Locations.Of(app, CancellationToken);
        return new AppSummary(app.Name, appId, location, changelogs);
    }
}
