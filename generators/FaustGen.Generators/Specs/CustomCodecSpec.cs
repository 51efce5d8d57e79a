namespace FaustGen.Generators;

/// <summary>A class marked <c>[CodecName]</c>, which every app of the project registers.</summary>
/// <param name="Type">The class's fully qualified name.</param>
/// <param name="Name">The codec's name.</param>
internal sealed record CustomCodecSpec(string Type, string Name);
