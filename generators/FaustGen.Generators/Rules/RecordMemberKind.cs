namespace FaustGen.Generators.Rules;

/// <summary>What kind of type a field of a <c>[Record]</c> has, which decides how each codec writes it.</summary>
internal enum RecordMemberKind
{
    Boolean,
    Byte,
    SByte,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Single,
    Double,
    Decimal,
    Char,
    String,
    Guid,
    DateTime,
    DateTimeOffset,
    TimeSpan,
    Enum,

    /// <summary><c>byte[]</c>.</summary>
    Bytes,

    /// <summary><c>ReadOnlyMemory&lt;byte&gt;</c>.</summary>
    Memory,

    /// <summary><c>Nullable&lt;T&gt;</c> of a supported value type.</summary>
    Nullable,

    /// <summary><c>T[]</c> (other than bytes).</summary>
    Array,

    /// <summary><c>List&lt;T&gt;</c>.</summary>
    List,

    /// <summary><c>Dictionary&lt;string, T&gt;</c>.</summary>
    Dictionary,

    /// <summary>A <c>[Record]</c> type of the same project.</summary>
    Record,
}
