namespace FaustGen.Generators;

/// <summary>A table declared with <c>[Table]</c>; options hold null where the attribute leaves them out.</summary>
/// <param name="Default">The default as a C# expression of the value type, or null.</param>
internal sealed record TableSpec(
    string Owner,
    PropertySpec Property,
    string Name,
    string KeyType,
    string ValueType,
    string? Default,
    int? Partitions,
    string? KeySerializer,
    string? ValueSerializer,
    string? Help) : MemberSpec(Owner);
