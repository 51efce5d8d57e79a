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

    /// <summary>Confluent's topic name strategy: <c>{topic}-key</c> or <c>{topic}-value</c>.</summary>
    protected static string SubjectOf(CodecTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Topic + (target.IsKey ? "-key" : "-value");
    }

    /// <summary>The registry for a topic: the codec's own, else the one its app's settings name.</summary>
    /// <exception cref="FaustConfigurationException">Neither names a registry.</exception>
    protected SchemaRegistryClient RegistryFor(CodecTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Registry ?? SchemaRegistryClient.For(target.Settings) ?? throw new FaustConfigurationException(
            $"The {Name} codec (for the {target}) needs a schema registry: set SchemaRegistryUrl of app '{target.Settings.Id}'.");
    }

    /// <summary>The codec's own registry, for a codec used outside a topic.</summary>
    /// <exception cref="InvalidOperationException">The codec takes its registry from a topic's app.</exception>
    protected SchemaRegistryClient OwnRegistry() => Registry ?? throw new InvalidOperationException(
        $"The built-in {Name} codec takes its registry from the app of a topic: get it with For<T>(CodecTarget), or make one with a SchemaRegistryClient.");
}
