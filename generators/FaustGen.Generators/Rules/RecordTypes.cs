using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Rules;

/// <summary>The runtime and BCL types the record rules compare against, looked up once per compilation.</summary>
internal sealed class RecordTypes
{
    public const string RecordAttributeName = "FaustGen.RecordAttribute";
    public const string RecordFieldAttributeName = "FaustGen.RecordFieldAttribute";
    public const string RecordSubtypeAttributeName = "FaustGen.RecordSubtypeAttribute";
    public const string CodecNameAttributeName = "FaustGen.CodecNameAttribute";
    public const string CodecName = "FaustGen.Codecs.Codec";

    public RecordTypes(Compilation compilation)
    {
        Assembly = compilation.Assembly;
        RecordAttribute = compilation.GetTypeByMetadataName(RecordAttributeName);
        RecordFieldAttribute = compilation.GetTypeByMetadataName(RecordFieldAttributeName);
        RecordSubtypeAttribute = compilation.GetTypeByMetadataName(RecordSubtypeAttributeName);
        CodecNameAttribute = compilation.GetTypeByMetadataName(CodecNameAttributeName);
        Codec = compilation.GetTypeByMetadataName(CodecName);
        List = compilation.GetTypeByMetadataName("System.Collections.Generic.List`1");
        Dictionary = compilation.GetTypeByMetadataName("System.Collections.Generic.Dictionary`2");
        ReadOnlyMemory = compilation.GetTypeByMetadataName("System.ReadOnlyMemory`1");
        Guid = compilation.GetTypeByMetadataName("System.Guid");
        DateTimeOffset = compilation.GetTypeByMetadataName("System.DateTimeOffset");
        TimeSpan = compilation.GetTypeByMetadataName("System.TimeSpan");
        Flags = compilation.GetTypeByMetadataName("System.FlagsAttribute");
    }

    /// <summary>The assembly being compiled: nested records must be declared in it, where their generated codecs are.</summary>
    public IAssemblySymbol Assembly { get; }

    public INamedTypeSymbol? RecordAttribute { get; }

    public INamedTypeSymbol? RecordFieldAttribute { get; }

    public INamedTypeSymbol? RecordSubtypeAttribute { get; }

    public INamedTypeSymbol? CodecNameAttribute { get; }

    public INamedTypeSymbol? Codec { get; }

    public INamedTypeSymbol? List { get; }

    public INamedTypeSymbol? Dictionary { get; }

    public INamedTypeSymbol? ReadOnlyMemory { get; }

    public INamedTypeSymbol? Guid { get; }

    public INamedTypeSymbol? DateTimeOffset { get; }

    public INamedTypeSymbol? TimeSpan { get; }

    public INamedTypeSymbol? Flags { get; }

    /// <summary>The first attribute of <paramref name="symbol"/> of class <paramref name="attributeClass"/>, or null.</summary>
    public static AttributeData? Find(ISymbol symbol, INamedTypeSymbol? attributeClass)
    {
        if (attributeClass is null)
        {
            return null;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeClass))
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="type"/> is marked <c>[Record]</c>.</summary>
    public bool IsRecord(ITypeSymbol type) => Find(type, RecordAttribute) is not null;
}
