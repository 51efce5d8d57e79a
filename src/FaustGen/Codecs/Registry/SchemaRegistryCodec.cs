namespace FaustGen.Codecs;

/// <summary>
/// A format whose payloads carry a schema registry's id (Confluent's wire format): <c>avro</c>, <c>json-schema</c>,
/// FaustGen.Protobuf's <c>protobuf</c>. A topic's codec registers under the subject <c>{topic}-value</c> or
/// <c>{topic}-key</c> (Confluent's topic name strategy) with the registry of its app's settings
/// (<see cref="AppSettings.SchemaRegistryUrl"/>), unless the codec was made with a client of its own.
/// </summary>
public abstract class SchemaRegistryCodec : Codec
{
    /// <summary>Creates the codec; <paramref name="registry"/> is used whatever the app's settings say, or null to use theirs.</summary>
    protected SchemaRegistryCodec(string name, SchemaRegistryClient? registry) : base(name)
    {
        Registry = registry;
    }

    /// <summary>The registry the codec was made with, or null when it uses its app's.</summary>
    public SchemaRegistryClient? Registry { get; }

    /// <summary>
    /// The registration of a topic's codec: under <c>{topic}-key</c> or <c>{topic}-value</c> (Confluent's topic name
    /// strategy), with the codec's own registry, else the one its app's settings name.
    /// </summary>
    /// <exception cref="FaustConfigurationException">Neither names a registry.</exception>
    protected SubjectSchema SchemaFor(CodecTarget target, RegistrySchema schema, IReadOnlyList<SchemaImport>? imports = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        var registry = Registry ?? SchemaRegistryClient.For(target.Settings) ?? throw new FaustConfigurationException(
            $"The {Name} codec (for the {target}) needs a schema registry: set SchemaRegistryUrl of app '{target.Settings.Id}'.");
        return new SubjectSchema(registry, target.Topic + (target.IsKey ? "-key" : "-value"), schema, Name, target.ToString(), imports);
    }

    /// <summary>
    /// The registration of the codec used outside a topic: under the type's full name (Confluent's record name
    /// strategy), with the codec's own registry.
    /// </summary>
    /// <exception cref="InvalidOperationException">The codec takes its registry from a topic's app.</exception>
    protected SubjectSchema SchemaFor(string fullName, RegistrySchema schema, IReadOnlyList<SchemaImport>? imports = null)
    {
        var registry = Registry ?? throw new InvalidOperationException(
            $"The built-in {Name} codec takes its registry from the app of a topic: get it with For<T>(CodecTarget), or make one with a SchemaRegistryClient.");
        return new SubjectSchema(registry, fullName, schema, Name, "subject '" + fullName + "'", imports);
    }
}
