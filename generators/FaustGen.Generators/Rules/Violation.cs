namespace FaustGen.Generators.Rules;

/// <summary>Why a declaration breaks a rule: which rule, the reason in words, and where it is at fault.</summary>
internal sealed class Violation
{
    /// <summary>The <see cref="Argument"/> of a violation about the attribute's (only) constructor argument.</summary>
    public const string ConstructorArgument = "";

    public Violation(RuleId rule, string message, string? argument = null, int element = -1)
    {
        Rule = rule;
        Message = message;
        Argument = argument;
        Element = element;
    }

    public RuleId Rule { get; }

    /// <summary>The reason in words; a diagnostic quotes it.</summary>
    public string Message { get; }

    /// <summary>
    /// The attribute argument at fault: the name of a named argument, <see cref="ConstructorArgument"/>, or null
    /// when the declaration itself is at fault.
    /// </summary>
    public string? Argument { get; }

    /// <summary>The index of the element at fault when the argument is an array (a sink), otherwise -1.</summary>
    public int Element { get; }

    /// <summary>A violation nobody reports again (see <see cref="RuleId.Unreported"/>).</summary>
    public static Violation Unreported(string message) => new(RuleId.Unreported, message);
}
