namespace FaustGen.Codecs;

/// <summary>A schema as a Confluent-compatible registry stores it: its text, its format, and the schemas it imports.</summary>
/// <param name="Text">The schema: Avro's JSON, a JSON Schema document, or a <c>.proto</c> file.</param>
/// <param name="Format">What the text is.</param>
/// <param name="References">The registered schemas the text imports (a <c>.proto</c> file's imports), or null for none.</param>
public sealed record RegistrySchema(string Text, SchemaFormat Format, IReadOnlyList<SchemaReference>? References = null)
{
    /// <summary>The registry's name of <see cref="Format"/> (<c>AVRO</c>, <c>JSON</c>, <c>PROTOBUF</c>).</summary>
    public string FormatName => Format switch
    {
        SchemaFormat.Json => "JSON",
        SchemaFormat.Protobuf => "PROTOBUF",
        _ => "AVRO",
    };

    /// <summary>Whether the two hold the same text, format and references (records compare lists by reference).</summary>
    public bool Equals(RegistrySchema? other) =>
        other is not null && Text == other.Text && Format == other.Format &&
        (References ?? []).SequenceEqual(other.References ?? []);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Text, Format, References?.Count ?? 0);
}

/// <summary>The schema formats of a Confluent-compatible registry.</summary>
public enum SchemaFormat
{
    /// <summary>Avro (the registry's default).</summary>
    Avro,

    /// <summary>JSON Schema.</summary>
    Json,

    /// <summary>Protocol Buffers (<c>.proto</c> text).</summary>
    Protobuf,
}

/// <summary>A schema another schema imports, by the name the import uses and where the registry keeps it.</summary>
/// <param name="Name">The name the importing schema uses (a <c>.proto</c> import's path).</param>
/// <param name="Subject">The subject it is registered under.</param>
/// <param name="Version">Its version under that subject.</param>
public sealed record SchemaReference(string Name, string Subject, int Version);
