namespace FaustGen.Generators;

/// <summary>A partial property the generator implements with a field.</summary>
/// <param name="Modifiers">The declaration's modifiers as written (<c>public partial</c>), which the implementation repeats.</param>
/// <param name="Type">The property's type, fully qualified with nullable annotations.</param>
/// <param name="Name">The property's name as an identifier.</param>
/// <param name="Field">The backing field's name.</param>
internal sealed record PropertySpec(string Modifiers, string Type, string Name, string Field);
