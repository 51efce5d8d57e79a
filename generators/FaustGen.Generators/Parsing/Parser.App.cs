using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;

namespace FaustGen.Generators;

/// <summary>
/// Turns the symbols the pipeline finds into specs. A member that breaks a rule is left out of the app's wiring (a
/// partial property parses to a <see cref="RefusedPropertySpec"/>, which the build needs implemented, anything else
/// to null); the analyzers report why, using the same rules.
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
        var violation = AppRules.Classify(type, types, cancellationToken, out var derivesFromObject);

        // A refused class still gets a part that implements its partial properties, unless there is nothing to write:
        // no runtime, a static class (it cannot hold the instance properties), or no partial member in a class that is
        // not partial (a part would only add an error there).
        var reported = violation is not null && AppRules.IsReportedByGenerator(violation, type, cancellationToken);
        if (violation is { Rule: RuleId.Unreported } || type.IsStatic || (violation is { Rule: RuleId.AppNotPartial } && !reported))
        {
            return null;
        }

        return new AppSpec(
            TypeNames.Of(type),
            Part(type),
            derivesFromObject && violation is null,
            ParseSettings(context.Attributes[0]),
            violation is null ? null : "app '" + type.ToDisplayString() + "' is invalid" + Because(violation, MemberKind.App),
            reported ? NotPartial(type, cancellationToken) : default,
            TryParseRetry(type, types, out var retry) ? retry : null,
            Middlewares(type, types));
    }

    /// <summary>Where the generated part of <paramref name="type"/> goes.</summary>
    private static PartSpec Part(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString();
        var containing = Containing(type);
        var nesting = string.Join("+", containing.Select(t => t.MetadataName).Concat(new[] { type.MetadataName }));
        return new PartSpec(
            ns,
            containing.Select(Declaration).ToEquatableArray(),
            Declaration(type),
            (ns is null ? string.Empty : ns + ".") + nesting + KnownNames.GeneratedFileSuffix);
    }

    // The types that contain type, outermost first.
    private static List<INamedTypeSymbol> Containing(INamedTypeSymbol type)
    {
        var containing = new List<INamedTypeSymbol>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containing.Insert(0, outer);
        }

        return containing;
    }

    // Every declaration at fault, as the analyzers would report them: the class's own, then its containers', outermost first.
    private static EquatableArray<NotPartialSpec> NotPartial(INamedTypeSymbol app, CancellationToken cancellationToken) =>
        new[] { app }.Concat(Containing(app))
            .SelectMany(type => AppRules.NonPartialDeclarations(type, cancellationToken).Select(d => new NotPartialSpec(type.Name, app.Name, LocationSpec.Of(d.Identifier.GetLocation()))))
            .ToEquatableArray();

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
            Text("SchemaRegistryUrl"),
            Text("ClientId"),
            Valid("CommitIntervalSeconds") is { } interval ? AttributeArguments.AsDouble(interval) : null,
            Text("KeySerializer"),
            Text("ValueSerializer"),
            Number("StandbyReplicas"),
            Number("ReplicationFactor"),
            Number("TopicPartitions"));
    }

    // The partial declaration of the app class or a type that contains it; other modifiers, the base and constraints need not be repeated.
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
        var parameters = type.TypeParameters.IsEmpty ? string.Empty : "<" + string.Join(", ", type.TypeParameters.Select(p => TypeNames.Identifier(p.Name))) + ">";
        return "partial " + keyword + " " + TypeNames.Identifier(type.Name) + parameters;
    }

    /// <summary>How generated code calls <paramref name="method"/> from inside its class.</summary>
    private static string CallTarget(IMethodSymbol method) =>
        (method.IsStatic ? TypeNames.Of(method.ContainingType) : "this") + "." + TypeNames.Identifier(method.Name);
}
