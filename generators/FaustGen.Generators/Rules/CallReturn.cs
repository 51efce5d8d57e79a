namespace FaustGen.Generators.Rules;

/// <summary>What a per-event agent, timer or startup task returns, which decides how its call is adapted to a <c>ValueTask</c>.</summary>
internal enum CallReturn
{
    Void,
    ValueTask,
    Task,
}
