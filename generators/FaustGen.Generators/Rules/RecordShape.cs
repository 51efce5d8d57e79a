using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Rules;

/// <summary>How a field of a <c>[Record]</c> gets its value when the record is read.</summary>
internal enum RecordBinding
{
    /// <summary>Written but not read: it has no public setter and no constructor parameter.</summary>
    WriteOnly,

    /// <summary>A parameter of the constructor.</summary>
    Constructor,

    /// <summary>A <c>required</c> member, set in the object initializer.</summary>
    Initializer,

    /// <summary>A public <c>set</c> accessor, called when the payload has the field.</summary>
    Setter,

    /// <summary>A public <c>init</c> accessor, called (through an accessor the runtime binds) when the payload has the field.</summary>
    InitAccessor,
}

/// <summary>A field of a <c>[Record]</c> as the rules read it.</summary>
internal sealed class RecordField
{
    public RecordField(IPropertySymbol property, string wireName, RecordMemberKind kind, RecordBinding binding, IParameterSymbol? parameter, bool required)
    {
        Property = property;
        WireName = wireName;
        Kind = kind;
        Binding = binding;
        Parameter = parameter;
        Required = required;
    }

    public IPropertySymbol Property { get; }

    /// <summary>The field's name in payloads.</summary>
    public string WireName { get; }

    public RecordMemberKind Kind { get; }

    public RecordBinding Binding { get; }

    /// <summary>The constructor parameter the field binds to, when <see cref="Binding"/> is <see cref="RecordBinding.Constructor"/>.</summary>
    public IParameterSymbol? Parameter { get; }

    /// <summary>Whether a payload without the field does not decode.</summary>
    public bool Required { get; }
}

/// <summary>A valid <c>[Record]</c> as the rules read it: how it is built, its fields in order, and its subtypes.</summary>
internal sealed class RecordShape
{
    public RecordShape(IMethodSymbol? constructor, IReadOnlyList<RecordField> fields, IReadOnlyList<KeyValuePair<INamedTypeSymbol, string>> subtypes, string typeTag, bool msgPackArray, string? serializer)
    {
        Constructor = constructor;
        Fields = fields;
        Subtypes = subtypes;
        TypeTag = typeTag;
        MsgPackArray = msgPackArray;
        Serializer = serializer;
    }

    /// <summary>The constructor that builds the record, or null for an abstract record (only its subtypes are built).</summary>
    public IMethodSymbol? Constructor { get; }

    public IReadOnlyList<RecordField> Fields { get; }

    /// <summary>The subtypes and their tags, as <c>[RecordSubtype]</c> lists them.</summary>
    public IReadOnlyList<KeyValuePair<INamedTypeSymbol, string>> Subtypes { get; }

    /// <summary>The JSON property that carries the type tag.</summary>
    public string TypeTag { get; }

    public bool MsgPackArray { get; }

    /// <summary>The codec name the record chooses for itself, or null.</summary>
    public string? Serializer { get; }
}
