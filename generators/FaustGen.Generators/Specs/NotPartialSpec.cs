namespace FaustGen.Generators;

/// <summary>
/// A declaration of an app class, or of a type containing it, that does not say <c>partial</c>, which the generator
/// reports itself as FAUST1001 (see <c>AppRules.IsReportedByGenerator</c>).
/// </summary>
/// <param name="Type">The name of the type declared.</param>
/// <param name="App">The name of the app class.</param>
/// <param name="Location">The declaration's name.</param>
internal sealed record NotPartialSpec(string Type, string App, LocationSpec Location);
