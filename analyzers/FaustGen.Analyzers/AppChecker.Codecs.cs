using System.Collections.Immutable;
using FaustGen.Generators.Rules;
using FaustGen.Validation;
using Microsoft.CodeAnalysis;

namespace FaustGen.Analyzers;

internal sealed partial class AppChecker
{
    private static readonly string[] NoCustomCodecs = Array.Empty<string>();

    // Faust's defaults, which AppSettings keeps: raw keys and json values.
    private const string DefaultKeyCodec = "raw";
    private const string DefaultValueCodec = "json";

    /// <summary>Reports the key and value types of the app's topics and tables that the codec chosen for them cannot carry.</summary>
    private void CheckCodecs(AppValues settings)
    {
        foreach (var topic in topics)
        {
            var declaration = topic.Declaration;
            var subject = "topic '" + declaration.Name + "'";
            CheckCarried(declaration.Key, "key", declaration.KeySerializer, settings.KeySerializer, topic.Attribute, "KeySerializer", topic.Property, subject);
            CheckCarried(declaration.Value, "value", declaration.ValueSerializer, settings.ValueSerializer, topic.Attribute, "ValueSerializer", topic.Property, subject);
        }

        foreach (var table in tables)
        {
            var declaration = table.Declaration;
            var subject = "table '" + declaration.Name + "'";
            CheckCarried(declaration.Key, "key", declaration.KeySerializer, settings.KeySerializer, table.Attribute, "KeySerializer", table.Property, subject);
            CheckCarried(declaration.Value, "value", declaration.ValueSerializer, settings.ValueSerializer, table.Attribute, declaration.ValueSerializerArgument, table.Property, subject);
        }

        // A topic no [Topic] declares takes its types from the agent's signature and its codecs from the app. A key
        // type the signature does not name is byte[], which every codec that reads keys carries.
        foreach (var agent in agents)
        {
            if (agent.Source.Property is null)
            {
                var subject = "topic '" + agent.Arguments.Topic + "'";
                if (agent.Source.Key is { } key)
                {
                    CheckCarried(key, "key", null, settings.KeySerializer, agent.Attribute, null, agent.Method, subject);
                }

                CheckCarried(agent.Source.Value, "value", null, settings.ValueSerializer, agent.Attribute, null, agent.Method, subject);
            }

            for (var i = 0; i < agent.Sinks.Count; i++)
            {
                if (agent.Sinks[i].Property is null)
                {
                    CheckCarried(agent.Sinks[i].Value, "value", null, settings.ValueSerializer, agent.Attribute, null, agent.Method, "sink topic '" + agent.Arguments.Sinks[i] + "'");
                }
            }
        }
    }

    /// <summary>
    /// Reports when the codec for <paramref name="type"/> cannot carry it: the member's (<paramref name="memberCodec"/>,
    /// given as <paramref name="argument"/>), else the record's own, else the app's, else the default.
    /// </summary>
    private void CheckCarried(ITypeSymbol type, string role, string? memberCodec, string? appCodec, AttributeData attribute, string? argument, ISymbol member, string subject)
    {
        if (KindOf(type) is not { } kind)
        {
            return;
        }

        var codec = memberCodec ?? RecordCodec(type) ?? appCodec;
        var isDefault = codec is null;
        codec ??= role == "key" ? DefaultKeyCodec : DefaultValueCodec;
        if (!IsKnownCodec(codec) || CodecNames.CanCarry(CodecNames.Parts(codec)[0], kind))
        {
            return;
        }

        var location = (memberCodec is not null && argument is not null ? Locations.OfArgument(attribute, argument, -1, CancellationToken) : null) ??
            Locations.Of(member, CancellationToken);
        var typeName = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        Report(isDefault ? Descriptors.DefaultCodecCannotCarry : Descriptors.CodecCannotCarry, location, CodecFixes.ForType(type, symbols), codec, role, typeName, subject);
    }

    /// <summary>What kind of type a codec is asked to carry, or null when the type does not bind.</summary>
    private CodecNames.TypeKind? KindOf(ITypeSymbol type)
    {
        if (Callables.HasErrors(type))
        {
            return null;
        }

        if (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte } ||
            (FaustTypes.IsConstructionOf(type, symbols.Records.ReadOnlyMemory) && ((INamedTypeSymbol)type).TypeArguments[0].SpecialType == SpecialType.System_Byte))
        {
            return CodecNames.TypeKind.Bytes;
        }

        if (type.SpecialType == SpecialType.System_String)
        {
            return CodecNames.TypeKind.String;
        }

        if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            return IsPrimitive(((INamedTypeSymbol)type).TypeArguments[0]) ? CodecNames.TypeKind.Primitive : CodecNames.TypeKind.Other;
        }

        if (IsPrimitive(type))
        {
            return CodecNames.TypeKind.Primitive;
        }

        return FaustSymbols.Find(type, symbols.RecordAttribute) is not null ? CodecNames.TypeKind.Record : CodecNames.TypeKind.Other;
    }

    private static bool IsPrimitive(ITypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Enum)
        {
            return true;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Char:
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_Decimal:
            case SpecialType.System_DateTime:
                return true;
        }

        return type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true } &&
            type.Name is "Guid" or "DateTimeOffset" or "TimeSpan";
    }

    /// <summary>The codec a [Record] type names for itself, or null.</summary>
    private string? RecordCodec(ITypeSymbol type) =>
        FaustSymbols.Find(type, symbols.RecordAttribute) is { } record && AttributeArguments.TryGetNamed(record, "Serializer", out var serializer)
            ? AttributeArguments.AsString(serializer)
            : null;

    // Built-in names need no look at the project's custom codecs.
    private bool IsKnownCodec(string codec) =>
        CodecNames.Error(codec, NoCustomCodecs) is null || CodecNames.Error(codec, symbols.CustomCodecs) is null;
}
