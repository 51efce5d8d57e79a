namespace FaustGen.Generators;

/// <summary>A part of a class that the generator writes: its file, and the declarations it is written in.</summary>
/// <param name="Namespace">The namespace, or null for the global namespace.</param>
/// <param name="ContainingTypes">Declarations of the types the class is nested in, outermost first (<c>partial class Outer</c>).</param>
/// <param name="Declaration">The class's own partial declaration (<c>partial class App</c>), without a base.</param>
/// <param name="HintName">The generated file's name.</param>
internal sealed record PartSpec(string? Namespace, EquatableArray<string> ContainingTypes, string Declaration, string HintName);
