using FaustGen.Codecs;

namespace FaustGen;

/// <summary>How a set table is declared.</summary>
public sealed record SetTableOptions
{
    /// <summary>The changelog's partition count, or null for the partition count of the app's source topics.</summary>
    public int? Partitions { get; init; }

    /// <summary>The codec for keys, or null for the app's <see cref="AppSettings.KeySerializer"/>.</summary>
    public Codec? KeySerializer { get; init; }

    /// <summary>The codec for each member of a set, or null for the app's <see cref="AppSettings.ValueSerializer"/>.</summary>
    public Codec? MemberSerializer { get; init; }

    /// <summary>A description shown by tools.</summary>
    public string? Help { get; init; }
}
