using System.Net;

namespace FaustGen.Codecs;

/// <summary>
/// The schema a codec writes with, registered under its subject (with the schemas it imports under theirs) on first
/// use; after that its id is a field read. The errors name the codec, where it is used, and what failed.
/// </summary>
public sealed class SubjectSchema
{
    private readonly string codec;
    private readonly string usedFor;
    private int id = -1;

    /// <summary>Creates the registration of <paramref name="schema"/> under <paramref name="subject"/>.</summary>
    /// <param name="registry">The registry.</param>
    /// <param name="subject">The subject (<c>{topic}-value</c>, <c>{topic}-key</c>, or a record's name).</param>
    /// <param name="schema">The schema, without references: they are made from <paramref name="imports"/>.</param>
    /// <param name="codec">The codec's name, for errors.</param>
    /// <param name="usedFor">Where the codec is used (<c>values of topic 'orders'</c>), for errors.</param>
    /// <param name="imports">The schemas the schema imports, registered before it, or null for none.</param>
    public SubjectSchema(SchemaRegistryClient registry, string subject, RegistrySchema schema, string codec, string usedFor, IReadOnlyList<SchemaImport>? imports = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentNullException.ThrowIfNull(schema);
        Registry = registry;
        Subject = subject;
        Schema = schema;
        Imports = imports ?? [];
        this.codec = codec;
        this.usedFor = usedFor;
    }

    /// <summary>The registry.</summary>
    public SchemaRegistryClient Registry { get; }

    /// <summary>The subject the schema is registered under.</summary>
    public string Subject { get; }

    /// <summary>The schema, without references.</summary>
    public RegistrySchema Schema { get; }

    /// <summary>The schemas it imports.</summary>
    public IReadOnlyList<SchemaImport> Imports { get; }

    /// <summary>The schema's id once registered, else null; reading it never calls the registry.</summary>
    public int? RegisteredId => Volatile.Read(ref id) is var known and >= 0 ? known : null;

    /// <summary>The schema's id, registering it (synchronously, see <see cref="SchemaRegistryClient"/>) on first use.</summary>
    /// <exception cref="SchemaRegistryException">The registry refused the schema or did not answer.</exception>
    public int Id
    {
        get
        {
            var known = Volatile.Read(ref id);
            return known >= 0 ? known : RegisterAsync(synchronous: true, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    /// <summary>Registers the schema ahead of its first use, so that use makes no request.</summary>
    /// <exception cref="SchemaRegistryException">The registry refused the schema or did not answer.</exception>
    public Task<int> RegisterAsync(CancellationToken cancellationToken = default) => RegisterAsync(synchronous: false, cancellationToken);

    /// <summary>The schema a message's writer used, by its id: cached after the first ask.</summary>
    /// <exception cref="FormatException">The registry has no schema with that id (the payload names one that does not exist).</exception>
    /// <exception cref="SchemaRegistryException">The registry did not answer.</exception>
    public RegistrySchema WriterSchema(int writerId)
    {
        try
        {
            return Registry.GetSchema(writerId);
        }
        catch (SchemaRegistryException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new FormatException($"Schema id {writerId} is unknown to the registry at {Registry.Url}.", ex);
        }
        catch (SchemaRegistryException ex)
        {
            throw Failed($"fetch the writer's schema {writerId}", ex);
        }
    }

    private async Task<int> RegisterAsync(bool synchronous, CancellationToken cancellationToken)
    {
        int registered;
        try
        {
            var references = await ReferencesAsync(Imports, synchronous, cancellationToken).ConfigureAwait(false);
            registered = await Registry.RegisterSchema(Subject, Schema with { References = references }, synchronous, cancellationToken).ConfigureAwait(false);
        }
        catch (SchemaRegistryException ex)
        {
            throw Failed($"register its schema under subject '{Subject}'", ex);
        }

        Volatile.Write(ref id, registered);
        return registered;
    }

    /// <summary>Registers <paramref name="imports"/> (theirs first) and returns the references to them.</summary>
    private async Task<IReadOnlyList<SchemaReference>?> ReferencesAsync(IReadOnlyList<SchemaImport> imports, bool synchronous, CancellationToken cancellationToken)
    {
        if (imports.Count == 0)
        {
            return null;
        }

        var references = new List<SchemaReference>(imports.Count);
        foreach (var import in imports)
        {
            var schema = import.Schema with { References = await ReferencesAsync(import.Imports, synchronous, cancellationToken).ConfigureAwait(false) };
            await Registry.RegisterSchema(import.Subject, schema, synchronous, cancellationToken).ConfigureAwait(false);
            var version = await Registry.GetVersion(import.Subject, schema, synchronous, cancellationToken).ConfigureAwait(false);
            references.Add(new SchemaReference(import.Name, import.Subject, version));
        }

        return references;
    }

    private SchemaRegistryException Failed(string what, SchemaRegistryException error) =>
        new($"Codec '{codec}' (for the {usedFor}) could not {what}: {error.Message}", error.StatusCode, error.ErrorCode, error);
}

/// <summary>A schema that another imports, registered under a subject of its own before the importer.</summary>
/// <param name="Name">The name the importer uses (a <c>.proto</c> import's path).</param>
/// <param name="Subject">The subject it is registered under.</param>
/// <param name="Schema">The schema, without references.</param>
/// <param name="Imports">What it imports in turn.</param>
public sealed record SchemaImport(string Name, string Subject, RegistrySchema Schema, IReadOnlyList<SchemaImport> Imports);
