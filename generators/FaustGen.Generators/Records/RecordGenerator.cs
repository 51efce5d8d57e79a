using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Records;

/// <summary>
/// Writes the codecs of every <c>partial</c> type marked <c>[Record]</c>: JSON, MessagePack and Avro, each straight to
/// its wire format, registered with the runtime by a module initializer so no reflection finds them.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class RecordGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var records = context.SyntaxProvider
            .ForAttributeWithMetadataName(RecordTypes.RecordAttributeName, static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax, RecordParser.Parse)
            .Where(static record => record is not null)
            .Select(static (record, _) => record!)
            .WithTrackingName(RecordTrackingNames.Records);

        context.RegisterSourceOutput(records, RecordEmitter.Emit);
    }
}
