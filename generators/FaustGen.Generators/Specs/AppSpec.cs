namespace FaustGen.Generators;

/// <summary>An <c>[App]</c> class the generator completes, or whose partial properties it implements though it refuses the class.</summary>
/// <param name="Type">The class's fully qualified name (<c>global::Ns.Outer.App</c>): the key members are grouped by.</param>
/// <param name="Part">Where the generated part goes.</param>
/// <param name="DerivesFromObject">Whether the generated part must make the class derive from <c>FaustGen.App</c>.</param>
/// <param name="Settings">The settings <c>[App]</c> gives.</param>
/// <param name="Refusal">
/// Why the class is refused (<c>app 'Ns.App' is invalid (FAUST1003): …</c>), or null. A refused class gets no base and
/// no <c>Define</c>, only implementations of its partial properties that throw with this reason.
/// </param>
/// <param name="NotPartial">The declarations the generator reports as not partial.</param>
/// <param name="Retry">The app's <c>[Retry]</c>, or null (also when it is invalid: the analyzers report it).</param>
/// <param name="Middlewares">The types of the app's <c>[Middleware&lt;T&gt;]</c>s, fully qualified, in order.</param>
internal sealed record AppSpec(
    string Type,
    PartSpec Part,
    bool DerivesFromObject,
    AppSettingsSpec Settings,
    string? Refusal,
    EquatableArray<NotPartialSpec> NotPartial,
    RetrySpec? Retry,
    EquatableArray<string> Middlewares);
