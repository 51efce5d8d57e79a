namespace FaustGen.Analyzers;

/// <summary>
/// Keys of the properties a diagnostic carries for its code fix, so the fix applies what the analyzer worked out
/// with the shared rules instead of working it out again.
/// </summary>
internal static class FixProperties
{
    /// <summary>The string the fix writes in place of the literal the diagnostic points at.</summary>
    public const string Replacement = nameof(Replacement);

    /// <summary>The type (fully qualified) the fix gives the method as its return type.</summary>
    public const string ReturnType = nameof(ReturnType);

    /// <summary>The documentation comment id of the type the fix marks [Record].</summary>
    public const string RecordType = nameof(RecordType);
}
