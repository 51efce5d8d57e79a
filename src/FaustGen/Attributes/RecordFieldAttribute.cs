namespace FaustGen;

/// <summary>
/// Changes how a property of a <see cref="RecordAttribute">[Record]</see> is written: its name on the wire, or
/// whether it is written at all. On a positional record, put it on the parameter or use <c>[property: RecordField(...)]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class RecordFieldAttribute : Attribute
{
    /// <summary>Keeps the declared name.</summary>
    public RecordFieldAttribute()
    {
    }

    /// <summary>Writes the field under <paramref name="name"/>.</summary>
    /// <param name="name">The field's name on the wire.</param>
    public RecordFieldAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The field's name on the wire, or null for the property's name.</summary>
    public string? Name { get; }

    /// <summary>When true the property is not part of the record: neither written nor read.</summary>
    public bool Ignore { get; set; }
}
