using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FaustGen.Generators;

/// <summary>How symbols are named in generated code.</summary>
internal static class TypeNames
{
    // global::-qualified so user types never shadow them, with '?' where the user wrote it so nullability matches.
    private static readonly SymbolDisplayFormat Format = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly SymbolDisplayFormat DisplayFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>The fully qualified name of <paramref name="type"/>, as it is written in generated code.</summary>
    public static string Of(ITypeSymbol type) => type.ToDisplayString(Format);

    /// <summary>The name of <paramref name="type"/> as a person reads it (the command line's <c>models</c>): as C# writes
    /// it where its namespaces are imported, the way the runtime names types for the web site and the command line.</summary>
    public static string Display(ITypeSymbol type) => type.ToDisplayString(DisplayFormat);

    /// <summary><paramref name="name"/> as an identifier: a keyword gets an '@'.</summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
