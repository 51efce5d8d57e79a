namespace FaustGen.Generators;

/// <summary>A topic declared with <c>[Topic]</c>, or a channel with <c>[Channel]</c>; options hold null or false where the attribute leaves them out.</summary>
internal sealed record TopicSpec(
    string Owner,
    PropertySpec Property,
    string Name,
    bool IsChannel,
    string KeyType,
    string ValueType,
    int? Partitions,
    string? KeySerializer,
    string? ValueSerializer,
    bool Internal,
    bool Compacted,
    double? RetentionSeconds) : MemberSpec(Owner);
