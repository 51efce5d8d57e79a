using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;

namespace FaustGen.Generators;

/// <summary>
/// Turns the symbols the pipeline finds into specs. A member that breaks a rule parses to null and is left out;
/// the analyzers report why, using the same rules.
/// </summary>
internal static partial class Parser
{
    /// <summary>Parses a class marked <c>[App]</c>.</summary>
    public static AppSpec? ParseApp(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.Attributes.Length == 0)
        {
            return null;
        }

        var types = new FaustTypes(context.SemanticModel.Compilation);
        if (AppRules.Classify(type, types, cancellationToken, out var derivesFromObject) is not null)
        {
            return null;
        }

        var containing = new List<INamedTypeSymbol>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containing.Insert(0, outer);
        }

        var ns = type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString();
        var nesting = string.Join("+", containing.Select(t => t.Name).Concat(new[] { type.Name }));
        return new AppSpec(
            TypeNames.Of(type),
            ns,
            containing.Select(Declaration).ToEquatableArray(),
            TypeNames.Identifier(type.Name),
            (ns is null ? string.Empty : ns + ".") + nesting + KnownNames.GeneratedFileSuffix,
            derivesFromObject,
            ParseSettings(context.Attributes[0]));
    }

    private static AppSettingsSpec ParseSettings(AttributeData attribute)
    {
        var id = AttributeArguments.Constructor(attribute, 0);
        string? Text(string name) => Valid(name) is { } value ? AttributeArguments.AsString(value) : null;
        int? Number(string name) => Valid(name) is { } value ? AttributeArguments.AsInt32(value) : null;
        TypedConstant? Valid(string name) =>
            AttributeArguments.TryGetNamed(attribute, name, out var value) && AppSettingsRules.Error(name, value) is null ? value : null;

        return new AppSettingsSpec(
            AppSettingsRules.IdError(id) is null ? AttributeArguments.AsString(id) : null,
            Text("Broker"),
            Text("Store"),
            Text("AvroRegistryUrl"),
            Text("ClientId"),
            Valid("CommitIntervalSeconds") is { } interval ? AttributeArguments.AsDouble(interval) : null,
            Text("KeySerializer"),
            Text("ValueSerializer"),
            Number("StandbyReplicas"),
            Number("ReplicationFactor"),
            Number("TopicPartitions"));
    }

    // The partial declaration of a type that contains the app class; its other modifiers need not be repeated.
    private static string Declaration(INamedTypeSymbol type)
    {
        var keyword = type switch
        {
            { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
            { IsRecord: true } => "record",
            { TypeKind: TypeKind.Struct } => "struct",
            { TypeKind: TypeKind.Interface } => "interface",
            _ => "class",
        };
        return "partial " + keyword + " " + TypeNames.Identifier(type.Name);
    }

    /// <summary>How generated code calls <paramref name="method"/> from inside its class.</summary>
    private static string CallTarget(IMethodSymbol method) =>
        (method.IsStatic ? TypeNames.Of(method.ContainingType) : "this") + "." + TypeNames.Identifier(method.Name);
}
