namespace FaustGen.Generators;

/// <summary>An <c>[App]</c> class the generator completes.</summary>
/// <param name="Type">The class's fully qualified name (<c>global::Ns.Outer.App</c>): the key members are grouped by.</param>
/// <param name="Namespace">The namespace, or null for the global namespace.</param>
/// <param name="ContainingTypes">Declarations of the types the class is nested in, outermost first (<c>partial class Outer</c>).</param>
/// <param name="Name">The class's name as an identifier.</param>
/// <param name="HintName">The generated file's name.</param>
/// <param name="DerivesFromObject">Whether the generated part must make the class derive from <c>FaustGen.App</c>.</param>
/// <param name="Settings">The settings <c>[App]</c> gives.</param>
internal sealed record AppSpec(
    string Type,
    string? Namespace,
    EquatableArray<string> ContainingTypes,
    string Name,
    string HintName,
    bool DerivesFromObject,
    AppSettingsSpec Settings);
