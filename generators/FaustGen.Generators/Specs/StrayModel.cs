namespace FaustGen.Generators;

/// <summary>
/// The partial properties with FaustGen attributes in a class that is not an <c>[App]</c> class (FAUST1005): the
/// generator writes them a part of their own class, with throwing implementations, so a build reaches the analyzers.
/// </summary>
internal sealed record StrayModel(PartSpec Part, EquatableArray<RefusedPropertySpec> Properties);
