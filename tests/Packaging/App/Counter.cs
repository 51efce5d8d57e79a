using FaustGen;

namespace PackageCheck;

/// <summary>Counts the words of topic <c>words</c> in a table: an agent and a table wired by the generator that came
/// with the FaustGen package.</summary>
[App("package-check")]
public sealed partial class Counter
{
    [Topic("words")]
    public partial Topic<string, string> Words { get; }

    [Table("counts", Default = 0L)]
    public partial Table<string, long> Counts { get; }

    [Agent("words")]
    public void Count(string word) => Counts[word] += 1;
}
