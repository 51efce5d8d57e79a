using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FaustGen.Generators.Tests;

/// <summary>
/// The baselined cases and their expected output, kept as files under <c>Baselines/&lt;Case&gt;/&lt;hint name&gt;</c>.
/// Set FAUSTGEN_REGENERATE_BASELINES=1 to rewrite the files from the generator's current output instead of comparing.
/// </summary>
internal static class Baselines
{
    /// <summary>Each case's name and how to run the generator on it.</summary>
    public static readonly IReadOnlyDictionary<string, Func<GeneratorRun>> Cases = new Dictionary<string, Func<GeneratorRun>>
    {
        ["WordCount"] = () => GeneratorHarness.Run(TestInputs.WordCount),
        ["AgentShapes"] = () => GeneratorHarness.Run(TestInputs.AgentShapes),
        ["Scheduled"] = () => GeneratorHarness.Run(TestInputs.Scheduled),
        ["Resilience"] = () => GeneratorHarness.Run(TestInputs.Resilience),
        ["Tables"] = () => GeneratorHarness.Run(TestInputs.Tables),
        ["TableKinds"] = () => GeneratorHarness.Run(TableKindInputs.TableKinds),
        ["Topics"] = () => GeneratorHarness.Run(TestInputs.Topics),
        ["Channels"] = () => GeneratorHarness.Run(TestInputs.Channels),
        ["Nested"] = () => GeneratorHarness.Run(TestInputs.Nested),
        ["Refused"] = () => GeneratorHarness.Run(TestInputs.Refused),
        ["Stray"] = () => GeneratorHarness.Run(TestInputs.Stray),
        ["Extension"] = () => GeneratorHarness.Run(GeneratorHarness.Compile([TestInputs.Extension], [ExtensionReference()])),
        ["Records"] = () => GeneratorHarness.Run(RecordInputs.Records),
        ["Polymorphic"] = () => GeneratorHarness.Run(RecordInputs.Polymorphic),
        ["CustomCodec"] = () => GeneratorHarness.Run(RecordInputs.CustomCodec),
        ["Protobuf"] = () => GeneratorHarness.Run(GeneratorHarness.Compile(
            [TestInputs.Protobuf],
            [MetadataReference.CreateFromFile(typeof(Google.Protobuf.IMessage).Assembly.Location), MetadataReference.CreateFromFile(typeof(FaustGen.Protobuf.ProtobufCodec).Assembly.Location)])),
    };

    private static bool Regenerate => Environment.GetEnvironmentVariable("FAUSTGEN_REGENERATE_BASELINES") == "1";

    private static string Directory(string name) => Path.Combine(
        typeof(Baselines).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!,
        "Baselines",
        name);

    /// <summary>The extension package a referencing project would have, compiled in memory.</summary>
    public static MetadataReference ExtensionReference()
    {
        var compilation = GeneratorHarness.Compile([TestInputs.ExtensionAssembly], assemblyName: "FaustGen.Pulsar");
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }

    /// <summary>Fails unless <paramref name="sources"/> are exactly the baseline files of case <paramref name="name"/>.</summary>
    public static void Verify(string name, IReadOnlyDictionary<string, string> sources)
    {
        var directory = Directory(name);
        if (Regenerate)
        {
            if (System.IO.Directory.Exists(directory))
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }

            System.IO.Directory.CreateDirectory(directory);
            foreach (var (hintName, source) in sources)
            {
                File.WriteAllText(Path.Combine(directory, hintName), source);
            }

            return;
        }

        var expected = System.IO.Directory.Exists(directory)
            ? System.IO.Directory.GetFiles(directory).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToList()
            : [];
        Assert.Equal(expected, sources.Keys.Order(StringComparer.Ordinal).ToList());
        foreach (var (hintName, source) in sources)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(directory, hintName)), source);
        }
    }
}
