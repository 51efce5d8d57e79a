using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FaustGen.Analyzers;

/// <summary>
/// The runtime's attributes and the members the analyzers look for, resolved once per compilation. Only a
/// compilation that references the runtime gets one.
/// </summary>
internal sealed class FaustSymbols
{
    private readonly Lazy<HashSet<string>> customCodecs;

    private FaustSymbols(Compilation compilation, INamedTypeSymbol appAttribute)
    {
        Compilation = compilation;
        Types = new FaustTypes(compilation);
        AppAttribute = appAttribute;
        AgentAttribute = compilation.GetTypeByMetadataName(KnownNames.AgentAttribute);
        TopicAttribute = compilation.GetTypeByMetadataName(KnownNames.TopicAttribute);
        ChannelAttribute = compilation.GetTypeByMetadataName(KnownNames.ChannelAttribute);
        TableAttribute = compilation.GetTypeByMetadataName(KnownNames.TableAttribute);
        WindowedTableAttribute = compilation.GetTypeByMetadataName(KnownNames.WindowedTableAttribute);
        GlobalTableAttribute = compilation.GetTypeByMetadataName(KnownNames.GlobalTableAttribute);
        SetTableAttribute = compilation.GetTypeByMetadataName(KnownNames.SetTableAttribute);
        TimerAttribute = compilation.GetTypeByMetadataName(KnownNames.TimerAttribute);
        StartupTaskAttribute = compilation.GetTypeByMetadataName(KnownNames.StartupTaskAttribute);
        HookAttributes = [.. HookShapes.Attributes.Select(h => compilation.GetTypeByMetadataName(h.Attribute)).OfType<INamedTypeSymbol>()];
        Records = new RecordTypes(compilation);
        customCodecs = new Lazy<HashSet<string>>(() => FindCustomCodecs(compilation));
    }

    public Compilation Compilation { get; }

    public FaustTypes Types { get; }

    public INamedTypeSymbol AppAttribute { get; }

    public INamedTypeSymbol? AgentAttribute { get; }

    public INamedTypeSymbol? TopicAttribute { get; }

    public INamedTypeSymbol? ChannelAttribute { get; }

    public INamedTypeSymbol? TableAttribute { get; }

    public INamedTypeSymbol? WindowedTableAttribute { get; }

    public INamedTypeSymbol? GlobalTableAttribute { get; }

    public INamedTypeSymbol? SetTableAttribute { get; }

    public INamedTypeSymbol? TimerAttribute { get; }

    public INamedTypeSymbol? StartupTaskAttribute { get; }

    /// <summary>The lifecycle hook attributes ([OnStarted], [OnPartitionsAssigned], …) the compilation has.</summary>
    public INamedTypeSymbol[] HookAttributes { get; }

    /// <summary>Whether <paramref name="attributeClass"/> is a lifecycle hook attribute.</summary>
    public bool IsHookAttribute(INamedTypeSymbol? attributeClass) =>
        attributeClass is not null && Array.Exists(HookAttributes, h => SymbolEqualityComparer.Default.Equals(h, attributeClass));

    /// <summary>What the record rules compare against.</summary>
    public RecordTypes Records { get; }

    /// <summary>[Record], when the runtime has it.</summary>
    public INamedTypeSymbol? RecordAttribute => Records.RecordAttribute;

    /// <summary>
    /// The names of the custom codecs the project declares with [CodecName], and of those referenced extensions bring
    /// (FaustGen.Protobuf's <c>protobuf</c>). Looked for only when a codec name is not a built-in one, and then once per
    /// compilation.
    /// </summary>
    public ICollection<string> CustomCodecs => customCodecs.Value;

    /// <summary>The symbols of <paramref name="compilation"/>, or null when it does not reference the runtime.</summary>
    public static FaustSymbols? Create(Compilation compilation) =>
        compilation.GetTypeByMetadataName(KnownNames.AppAttribute) is { } app ? new FaustSymbols(compilation, app) : null;

    /// <summary>The first attribute of <paramref name="symbol"/> whose class is <paramref name="attributeClass"/>, or null.</summary>
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

    /// <summary>The first table attribute of <paramref name="symbol"/> ([Table], [WindowedTable], [GlobalTable] or [SetTable]), or null.</summary>
    public AttributeData? FindTable(ISymbol symbol) =>
        Find(symbol, TableAttribute) ?? Find(symbol, WindowedTableAttribute) ?? Find(symbol, GlobalTableAttribute) ?? Find(symbol, SetTableAttribute);

    /// <summary>Whether <paramref name="type"/> is marked [App].</summary>
    public bool IsApp(INamedTypeSymbol type) => Find(type, AppAttribute) is not null;

    /// <summary>Whether <paramref name="attributeClass"/> marks a member of an app: [Agent], [Topic], [Channel], a table attribute, [Timer], [StartupTask] or a lifecycle hook.</summary>
    public bool IsMemberAttribute(INamedTypeSymbol? attributeClass) =>
        attributeClass is not null &&
        (SymbolEqualityComparer.Default.Equals(attributeClass, AgentAttribute) ||
         SymbolEqualityComparer.Default.Equals(attributeClass, TopicAttribute) ||
         SymbolEqualityComparer.Default.Equals(attributeClass, ChannelAttribute) ||
         SymbolEqualityComparer.Default.Equals(attributeClass, TableAttribute) ||
         SymbolEqualityComparer.Default.Equals(attributeClass, WindowedTableAttribute) ||
         SymbolEqualityComparer.Default.Equals(attributeClass, GlobalTableAttribute) ||
         SymbolEqualityComparer.Default.Equals(attributeClass, SetTableAttribute) ||
         SymbolEqualityComparer.Default.Equals(attributeClass, TimerAttribute) ||
         SymbolEqualityComparer.Default.Equals(attributeClass, StartupTaskAttribute) ||
         IsHookAttribute(attributeClass));

    // Reading syntax, not symbols: no attribute of the compilation needs binding, and a name written in a
    // [CodecName] that does not bind only makes the analyzers quieter, never wrong.
    private static HashSet<string> FindCustomCodecs(Compilation compilation)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            var root = tree.GetRoot();
            foreach (var node in root.DescendantNodes(static n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax or AttributeListSyntax))
            {
                if (node is AttributeSyntax { ArgumentList.Arguments: { Count: > 0 } arguments } attribute &&
                    arguments[0].Expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression) &&
                    RightmostName(attribute.Name) is "CodecName" or "CodecNameAttribute")
                {
                    names.Add(literal.Token.ValueText);
                }
            }
        }

        foreach (var (type, kind) in ExtensionRules.Declared(compilation, CancellationToken.None))
        {
            if ((kind & ExtensionKind.Codec) != 0 &&
                type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == RecordTypes.CodecNameAttributeName) is { } codecName &&
                AttributeArguments.AsString(AttributeArguments.Constructor(codecName, 0)) is { } name)
            {
                names.Add(name);
            }
        }

        return names;
    }

    private static string RightmostName(NameSyntax name) => name switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => string.Empty,
    };
}
