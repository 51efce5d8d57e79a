using FaustGen.Generators.Rules;

namespace FaustGen.Generators;

/// <summary>A table declared with <c>[Table]</c>, <c>[WindowedTable]</c>, <c>[GlobalTable]</c> or <c>[SetTable]</c>; options hold null where the attribute leaves them out.</summary>
/// <param name="ValueType">The value type (a set table's member type).</param>
/// <param name="Default">The default as a C# expression of the value type, or null.</param>
/// <param name="ValueSerializer">The codec of values (a set table's members), or null.</param>
/// <param name="Window">A windowed table's window, else null.</param>
internal sealed record TableSpec(
    string Owner,
    PropertySpec Property,
    TableKind Kind,
    string Name,
    string KeyType,
    string ValueType,
    string? Default,
    int? Partitions,
    string? KeySerializer,
    string? ValueSerializer,
    string? Help,
    WindowSpec? Window) : MemberSpec(Owner);

/// <summary>The window of a <c>[WindowedTable]</c>.</summary>
/// <param name="Kind">The <c>WindowKind</c> as its value.</param>
/// <param name="StepMs">The step given, or null.</param>
/// <param name="ExpiresMs">The expiry, or null to keep windows for ever.</param>
/// <param name="TimeField">The method that reads an event's time, as an expression (<c>this.M</c> or <c>M</c>), or null.</param>
/// <param name="TimeFieldEventType">The type of event values <see cref="TimeField"/> reads, or null.</param>
/// <param name="OnWindowClose">The method called as windows close, as an expression, or null.</param>
internal sealed record WindowSpec(
    int Kind,
    long SizeMs,
    long? StepMs,
    long? ExpiresMs,
    bool RelativeToNow,
    string? TimeField,
    string? TimeFieldEventType,
    string? OnWindowClose);
