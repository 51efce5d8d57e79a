using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Records;

/// <summary>Turns a type marked <c>[Record]</c> into a spec; a type that breaks a rule parses to null and gets no codecs.</summary>
internal static class RecordParser
{
    /// <summary>Parses a type marked <c>[Record]</c>.</summary>
    public static RecordSpec? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type)
        {
            return null;
        }

        var types = new RecordTypes(context.SemanticModel.Compilation);
        if (RecordRules.Classify(type, types, cancellationToken, out var shape, out _) is not null || shape is null)
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
        var constructor = shape.Constructor;
        return new RecordSpec(
            TypeNames.Of(type),
            ns,
            containing.Select(Declaration).ToEquatableArray(),
            Declaration(type),
            type.Name,
            (ns is null ? string.Empty : ns + ".") + nesting + ".Record.g.cs",
            type.IsValueType,
            constructor is not null,
            shape.Fields.Select(f => Field(f, constructor, types, cancellationToken)).ToEquatableArray(),
            Subtypes(shape).ToEquatableArray(),
            shape.TypeTag,
            shape.MsgPackArray,
            shape.Serializer,
            new AvroSchemaBuilder(types, cancellationToken).Build(type),
            new JsonSchemaBuilder(types, cancellationToken).Build(type),
            DerivesFromRecord(type, types, cancellationToken));
    }

    /// <summary>Parses a class marked <c>[CodecName]</c>.</summary>
    public static CustomCodecSpec? ParseCustomCodec(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type)
        {
            return null;
        }

        var types = new RecordTypes(context.SemanticModel.Compilation);
        return CodecNameRules.Classify(type, types, out var name) is null ? new CustomCodecSpec(TypeNames.Of(type), name!) : null;
    }

    /// <summary>The spec of a field or element type, which the rules have found supported.</summary>
    public static ValueSpec Value(ITypeSymbol type, RecordTypes types, CancellationToken cancellationToken)
    {
        var visiting = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        RecordMemberTypes.Classify(type, types, visiting, cancellationToken, out var kind, out var element);
        var elementSpec = element is null ? null : Value(element, types, cancellationToken);
        var branches = 0;
        if (kind == RecordMemberKind.Record && RecordRules.Classify((INamedTypeSymbol)type, types, visiting, cancellationToken, out var shape) is null && shape!.Subtypes.Count > 0)
        {
            branches = shape.Subtypes.Count + (shape.Constructor is null ? 0 : 1);
        }

        return new ValueSpec(
            kind,
            TypeNames.Of(type),
            elementSpec,
            type.IsReferenceType,
            type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated,
            kind == RecordMemberKind.Enum ? Enum((INamedTypeSymbol)type, types) : null,
            branches);
    }

    private static FieldSpec Field(RecordField field, IMethodSymbol? constructor, RecordTypes types, CancellationToken cancellationToken)
    {
        var property = field.Property;
        var value = Value(property.Type, types, cancellationToken);
        string? initial = null;
        if (field.Parameter is { HasExplicitDefaultValue: true } parameter)
        {
            initial = parameter.ExplicitDefaultValue is null && parameter.Type.IsValueType && parameter.Type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T
                ? null
                : Literals.Typed(parameter.ExplicitDefaultValue, parameter.Type);
        }

        return new FieldSpec(
            TypeNames.Identifier(property.Name),
            field.WireName,
            value,
            field.Binding,
            field.Parameter is null || constructor is null ? -1 : constructor.Parameters.IndexOf(field.Parameter),
            initial,
            field.Required,
            TypeNames.Of(property.ContainingType),
            TypeNames.Display(property.Type));
    }

    // Most derived first, so a switch over the value's type tests a subtype before its own base.
    private static IEnumerable<SubtypeSpec> Subtypes(RecordShape shape) =>
        shape.Subtypes
            .Select((s, i) => (Subtype: s, Order: i, Depth: Depth(s.Key)))
            .OrderByDescending(s => s.Depth)
            .ThenBy(s => s.Order)
            .Select(s => new SubtypeSpec(TypeNames.Of(s.Subtype.Key), s.Subtype.Value));

    private static bool DerivesFromRecord(INamedTypeSymbol type, RecordTypes types, CancellationToken cancellationToken)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            // Only a base that gets codecs has a generated class to hide.
            if (types.IsRecord(current) && RecordRules.Classify(current, types, cancellationToken, out _, out _) is null)
            {
                return true;
            }
        }

        return false;
    }

    private static int Depth(INamedTypeSymbol type)
    {
        var depth = 0;
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            depth++;
        }

        return depth;
    }

    private static EnumSpec Enum(INamedTypeSymbol type, RecordTypes types)
    {
        var members = type.GetMembers()
            .OfType<IFieldSymbol>()
            .Where(f => f.HasConstantValue)
            .Select(f => new EnumMemberSpec(f.Name, Literals.Typed(f.ConstantValue, type)))
            .ToEquatableArray();
        var underlying = type.EnumUnderlyingType?.ToDisplayString() ?? "int";
        var flags = type.GetAttributes().Any(a => FaustTypes.Is(a.AttributeClass!, types.Flags));
        return new EnumSpec(underlying, members, flags);
    }

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
}
