using FaustGen.Generators.Rules;

namespace FaustGen.Generators;

/// <summary>A transport or store factory, or a codec, that a referenced assembly brings with <c>[assembly: FaustGenExtension]</c>.</summary>
/// <param name="Type">The type's fully qualified name.</param>
internal sealed record ExtensionSpec(string Type, ExtensionKind Kind);
