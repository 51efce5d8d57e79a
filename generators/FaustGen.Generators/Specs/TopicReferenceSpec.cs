namespace FaustGen.Generators;

/// <summary>A topic an agent reads or writes: the field of a declared <c>[Topic]</c>, or a topic declared by name.</summary>
/// <param name="Name">The topic's name.</param>
/// <param name="Field">The backing field of the <c>[Topic]</c> property that declares it, or null.</param>
/// <param name="KeyType">The key type, fully qualified.</param>
/// <param name="ValueType">The value type, fully qualified.</param>
internal sealed record TopicReferenceSpec(string Name, string? Field, string KeyType, string ValueType);
