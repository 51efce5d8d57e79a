namespace FaustGen;

/// <summary>
/// Makes a <see cref="RecordAttribute">[Record]</see> polymorphic: a value of <see cref="Subtype"/> is written with
/// the type tag <see cref="Tag"/> in the payload (Faust's "blessed key"), and reading it back picks the subtype by
/// the tag through a generated switch. A value of the base type itself is written without a tag.
/// </summary>
/// <param name="subtype">A <c>[Record]</c> type that derives from the marked record.</param>
/// <param name="tag">The tag that names it in payloads; unique among the record's subtypes.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class RecordSubtypeAttribute(Type subtype, string tag) : Attribute
{
    /// <summary>The subtype.</summary>
    public Type Subtype { get; } = subtype;

    /// <summary>The tag that names the subtype in payloads.</summary>
    public string Tag { get; } = tag;
}
