using Google.Protobuf.Reflection;
using FaustGen.Codecs;

namespace FaustGen.Protobuf;

/// <summary>The registry schema of a message's <c>.proto</c> file, and the files it imports as references.</summary>
internal static class ProtoSchemas
{
    /// <summary>The <c>.proto</c> text of <paramref name="file"/>.</summary>
    public static RegistrySchema Of(FileDescriptor file) => new(ProtoPrinter.Print(file.ToProto()), SchemaFormat.Protobuf);

    /// <summary>
    /// The files <paramref name="file"/> imports, each registered under a subject named after its path (Confluent's
    /// default for references). Google's well-known types are left out: registries know them.
    /// </summary>
    public static IReadOnlyList<SchemaImport> Imports(FileDescriptor file) =>
        file.Dependencies
            .Where(d => !d.Name.StartsWith("google/protobuf/", StringComparison.Ordinal))
            .Select(d => new SchemaImport(d.Name, d.Name, Of(d), Imports(d)))
            .ToList();
}
