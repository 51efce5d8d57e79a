namespace FaustGen.Generators.Records;

/// <summary>Names of the record pipeline's steps, so tests can check what each step cached.</summary>
internal static class RecordTrackingNames
{
    public const string Records = nameof(Records);

    /// <summary>Every name above.</summary>
    public static readonly string[] All = { Records };
}
