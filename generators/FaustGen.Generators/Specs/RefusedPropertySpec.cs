namespace FaustGen.Generators;

/// <summary>
/// A partial property the generator does not wire up, because its declaration (or its app) breaks a rule. It still
/// gets an implementation, whose accessors throw <c>InvalidOperationException</c>: left without one, the compiler
/// would stop a build at the property (CS9248) before the analyzers could report the rule.
/// </summary>
/// <param name="Modifiers">The declaration's modifiers as written (<c>public partial</c>), which the implementation repeats.</param>
/// <param name="Type">The property's type, fully qualified with nullable annotations.</param>
/// <param name="Name">The property's name as an identifier.</param>
/// <param name="Accessors">The declaration's accessors as written, without their semicolons (<c>get</c>, <c>private set</c>, <c>init</c>).</param>
/// <param name="Message">What the accessors throw: the property, its app and the rule it breaks.</param>
/// <param name="Stray">The part of its class to write it in when that class is not an <c>[App]</c> class (see <see cref="StrayModel"/>), else null.</param>
internal sealed record RefusedPropertySpec(
    string Owner,
    string Modifiers,
    string Type,
    string Name,
    EquatableArray<string> Accessors,
    string Message,
    PartSpec? Stray) : MemberSpec(Owner);
