namespace FaustGen.Generators.Rules;

/// <summary>What an extension factory provides; a factory may provide both.</summary>
[Flags]
internal enum ExtensionKind
{
    None = 0,
    Transport = 1,
    Store = 2,
    Codec = 4,
}
