using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Rules;

/// <summary>Which types marked <c>[Record]</c> the generator can write codecs for.</summary>
internal static class RecordRules
{
    /// <summary>The default JSON property of a polymorphic record's type tag, as System.Text.Json's.</summary>
    public const string DefaultTypeTag = "$type";

    /// <summary>
    /// Why the generator cannot write codecs for <paramref name="type"/>, or null; on success <paramref name="shape"/>
    /// describes it. <paramref name="at"/> is the symbol at fault (the type, a property, a constructor parameter, or the
    /// subtype), for the analyzers to point at.
    /// </summary>
    public static Violation? Classify(INamedTypeSymbol type, RecordTypes types, CancellationToken cancellationToken, out RecordShape? shape, out ISymbol? at) =>
        Classify(type, types, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default), cancellationToken, out shape, out at);

    /// <summary>As the public overload, with the records already being decided further up (taken as valid).</summary>
    internal static Violation? Classify(INamedTypeSymbol type, RecordTypes types, HashSet<ITypeSymbol> visiting, CancellationToken cancellationToken, out RecordShape? shape) =>
        Classify(type, types, visiting, cancellationToken, out shape, out _);

    private static Violation? Classify(INamedTypeSymbol type, RecordTypes types, HashSet<ITypeSymbol> visiting, CancellationToken cancellationToken, out RecordShape? shape, out ISymbol? at)
    {
        shape = null;
        at = type;
        var attribute = RecordTypes.Find(type, types.RecordAttribute);
        if (attribute is null)
        {
            return Violation.Unreported("the type is not marked [Record]");
        }

        if (Kind(type, cancellationToken) is { } kindError)
        {
            return kindError;
        }

        var serializer = Named(attribute, "Serializer");
        if (serializer is not null && AttributeArguments.CodecNameError(serializer) is { } serializerError)
        {
            return new Violation(RuleId.CodecName, serializerError, "Serializer");
        }

        var typeTag = Named(attribute, "TypeTag") ?? DefaultTypeTag;
        if (typeTag.Trim().Length == 0)
        {
            return new Violation(RuleId.RecordFieldName, "the type tag must not be empty", "TypeTag");
        }

        var msgPackArray = AttributeArguments.TryGetNamed(attribute, "MsgPackLayout", out var layout) && layout.Value is int and 1;

        visiting.Add(type);
        try
        {
            if (Constructor(type, out var constructor) is { } constructorError)
            {
                return constructorError;
            }

            var fields = new List<RecordField>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in Properties(type, types))
            {
                cancellationToken.ThrowIfCancellationRequested();
                at = property;
                var parameter = constructor?.Parameters.FirstOrDefault(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));
                if (RecordMemberTypes.Classify(property.Type, types, visiting, cancellationToken, out var kind, out _) is { } typeError)
                {
                    return new Violation(RuleId.RecordMemberType, "the field '" + property.Name + "' cannot be carried: " + typeError);
                }

                var wireName = WireName(property, parameter, types);
                if (wireName.Trim().Length == 0 || !names.Add(wireName) || wireName == typeTag && HasSubtypes(type, types))
                {
                    return new Violation(RuleId.RecordFieldName, "the field name '" + wireName + "' of '" + property.Name + "' is empty, repeated, or the type tag");
                }

                if (parameter is not null && !SymbolEqualityComparer.Default.Equals(parameter.Type, property.Type))
                {
                    at = parameter;
                    return new Violation(RuleId.RecordConstructor, "the constructor parameter '" + parameter.Name + "' has another type than the property '" + property.Name + "'");
                }

                var binding = Binding(property, parameter);
                if (property.IsRequired && binding != RecordBinding.Initializer && parameter is null)
                {
                    return new Violation(RuleId.RecordConstructor, "the required member '" + property.Name + "' must have a public setter or init accessor");
                }

                fields.Add(new RecordField(property, wireName, kind, binding, parameter, binding == RecordBinding.Initializer || (parameter is not null && !parameter.HasExplicitDefaultValue)));
            }

            if (constructor is not null)
            {
                foreach (var parameter in constructor.Parameters)
                {
                    if (parameter.RefKind != RefKind.None || !fields.Any(f => SymbolEqualityComparer.Default.Equals(f.Parameter, parameter)))
                    {
                        at = parameter;
                        return new Violation(RuleId.RecordConstructor, "the constructor parameter '" + parameter.Name + "' matches no public property of the record");
                    }
                }
            }

            at = type;
            if (Subtypes(type, types, visiting, cancellationToken, out var subtypes, ref at) is { } subtypeError)
            {
                return subtypeError;
            }

            if (constructor is null && subtypes.Count == 0)
            {
                return new Violation(RuleId.RecordConstructor, "an abstract [Record] needs [RecordSubtype]s to be read as");
            }

            shape = new RecordShape(constructor, fields, subtypes, typeTag, msgPackArray, serializer);
            return null;
        }
        finally
        {
            visiting.Remove(type);
        }
    }

    private static Violation? Kind(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsStatic || type.IsRefLikeType)
        {
            return new Violation(RuleId.RecordKind, "a [Record] must be a class, record or struct (not static, not a ref struct)");
        }

        if (type.Arity > 0)
        {
            return new Violation(RuleId.RecordKind, "a [Record] must not be generic or nested in a generic type");
        }

        if (!RecordMemberTypes.Accessible(type))
        {
            return new Violation(RuleId.RecordKind, "a [Record] and the types containing it must be public or internal");
        }

        if (!AppRules.IsPartial(type, cancellationToken))
        {
            return new Violation(RuleId.RecordNotPartial, "a [Record] must be partial, so the generator can add its codecs");
        }

        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (outer.IsGenericType)
            {
                return new Violation(RuleId.RecordKind, "a [Record] must not be generic or nested in a generic type");
            }

            if (!AppRules.IsPartial(outer, cancellationToken))
            {
                return new Violation(RuleId.RecordNotPartial, "the type '" + outer.Name + "' that contains a [Record] must be partial");
            }
        }

        return null;
    }

    /// <summary>
    /// The constructor that builds the record: a public parameterless one (a struct's implicit one counts when it
    /// declares no other), else its only public constructor. An abstract class has none.
    /// </summary>
    private static Violation? Constructor(INamedTypeSymbol type, out IMethodSymbol? constructor)
    {
        constructor = null;
        if (type.IsAbstract)
        {
            return null;
        }

        var candidates = type.InstanceConstructors
            .Where(c => c.DeclaredAccessibility == Accessibility.Public && !IsCopyConstructor(c, type))
            .ToList();
        var parameterless = candidates.FirstOrDefault(c => c.Parameters.Length == 0);
        var withParameters = candidates.Where(c => c.Parameters.Length > 0).ToList();
        if (type.TypeKind == TypeKind.Struct && withParameters.Count == 1 && parameterless is { IsImplicitlyDeclared: true })
        {
            constructor = withParameters[0];
            return null;
        }

        constructor = parameterless ?? (withParameters.Count == 1 ? withParameters[0] : null);
        return constructor is null
            ? new Violation(RuleId.RecordConstructor, "a [Record] needs a public parameterless constructor or a single public constructor")
            : null;
    }

    private static bool IsCopyConstructor(IMethodSymbol constructor, INamedTypeSymbol type) =>
        type.IsRecord && constructor.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, type);

    /// <summary>The record's fields: its public instance properties with public getters, base types' first, in declaration order.</summary>
    public static List<IPropertySymbol> Properties(INamedTypeSymbol type, RecordTypes types)
    {
        var levels = new List<List<IPropertySymbol>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var current = type; current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); current = current.BaseType)
        {
            var level = new List<IPropertySymbol>();
            foreach (var member in current.GetMembers())
            {
                if (member is IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public, GetMethod.DeclaredAccessibility: Accessibility.Public } property &&
                    property.ExplicitInterfaceImplementations.Length == 0 &&
                    seen.Add(property.Name) &&
                    !Ignored(property, types))
                {
                    level.Add(property);
                }
            }

            levels.Insert(0, level);
        }

        return levels.SelectMany(l => l).ToList();
    }

    private static bool Ignored(IPropertySymbol property, RecordTypes types) =>
        RecordTypes.Find(property, types.RecordFieldAttribute) is { } field &&
        AttributeArguments.TryGetNamed(field, "Ignore", out var ignore) && AttributeArguments.AsBoolean(ignore) == true;

    private static string WireName(IPropertySymbol property, IParameterSymbol? parameter, RecordTypes types)
    {
        var attribute = RecordTypes.Find(property, types.RecordFieldAttribute) ?? (parameter is null ? null : RecordTypes.Find(parameter, types.RecordFieldAttribute));
        return attribute is not null && attribute.ConstructorArguments.Length == 1
            ? AttributeArguments.AsString(attribute.ConstructorArguments[0]) ?? string.Empty
            : property.Name;
    }

    private static RecordBinding Binding(IPropertySymbol property, IParameterSymbol? parameter)
    {
        if (parameter is not null)
        {
            return RecordBinding.Constructor;
        }

        if (property.SetMethod is not { DeclaredAccessibility: Accessibility.Public } setter)
        {
            return RecordBinding.WriteOnly;
        }

        return property.IsRequired ? RecordBinding.Initializer : setter.IsInitOnly ? RecordBinding.InitAccessor : RecordBinding.Setter;
    }

    private static bool HasSubtypes(INamedTypeSymbol type, RecordTypes types) =>
        types.RecordSubtypeAttribute is not null && type.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, types.RecordSubtypeAttribute));

    private static Violation? Subtypes(INamedTypeSymbol type, RecordTypes types, HashSet<ITypeSymbol> visiting, CancellationToken cancellationToken,
        out List<KeyValuePair<INamedTypeSymbol, string>> subtypes, ref ISymbol? at)
    {
        subtypes = new List<KeyValuePair<INamedTypeSymbol, string>>();
        foreach (var attribute in type.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, types.RecordSubtypeAttribute))
            {
                continue;
            }

            if (AttributeArguments.Constructor(attribute, 0) is not { Kind: TypedConstantKind.Type, Value: INamedTypeSymbol subtype } ||
                AttributeArguments.AsString(AttributeArguments.Constructor(attribute, 1)) is not { } tag)
            {
                return Violation.Unreported("a [RecordSubtype] argument does not bind");
            }

            at = subtype;
            if (tag.Trim().Length == 0 || subtypes.Any(s => s.Value == tag || SymbolEqualityComparer.Default.Equals(s.Key, subtype)))
            {
                return new Violation(RuleId.RecordSubtype, "the subtype tag '" + tag + "' is empty, or the tag or type is listed twice");
            }

            if (!DerivesFrom(subtype, type) || subtype.IsAbstract || !types.IsRecord(subtype))
            {
                return new Violation(RuleId.RecordSubtype, "the subtype '" + subtype.Name + "' must be a non-abstract [Record] that derives from '" + type.Name + "'");
            }

            if (!SymbolEqualityComparer.Default.Equals(subtype.ContainingAssembly, types.Assembly) ||
                (!visiting.Contains(subtype) && Classify(subtype, types, visiting, cancellationToken, out _) is not null))
            {
                return new Violation(RuleId.RecordSubtype, "the subtype '" + subtype.Name + "' is not a valid [Record] of this project");
            }

            subtypes.Add(new KeyValuePair<INamedTypeSymbol, string>(subtype, tag));
        }

        return null;
    }

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol ancestor)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, ancestor))
            {
                return true;
            }
        }

        return false;
    }

    private static string? Named(AttributeData attribute, string name) =>
        AttributeArguments.TryGetNamed(attribute, name, out var value) ? AttributeArguments.AsString(value) : null;
}
