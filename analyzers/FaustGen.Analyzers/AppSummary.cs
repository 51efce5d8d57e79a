using Microsoft.CodeAnalysis;

namespace FaustGen.Analyzers;

/// <summary>What the checks across the apps of a project need of one app.</summary>
internal sealed class AppSummary
{
    public AppSummary(string name, string? id, Location location, IReadOnlyList<Changelog> changelogs)
    {
        Name = name;
        Id = id;
        Location = location;
        Changelogs = changelogs;
    }

    /// <summary>The class's name.</summary>
    public string Name { get; }

    /// <summary>The app id, or null when it is invalid.</summary>
    public string? Id { get; }

    /// <summary>Where the id is written.</summary>
    public Location Location { get; }

    public IReadOnlyList<Changelog> Changelogs { get; }

    /// <summary>The changelog topic of one of the app's tables.</summary>
    internal sealed class Changelog
    {
        public Changelog(string topic, string table, Location location)
        {
            Topic = topic;
            Table = table;
            Location = location;
        }

        public string Topic { get; }

        public string Table { get; }

        /// <summary>Where the table's name is written.</summary>
        public Location Location { get; }
    }
}
