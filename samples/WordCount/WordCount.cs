using FaustGen;

namespace Samples.WordCount;

/// <summary>
/// Counts the words of the sentences in topic <c>sentences</c>: one agent splits sentences into words
/// (re-keyed by word, so each word is counted on one partition), another counts them in a table, and a
/// timer prints the most frequent words.
/// </summary>
[App("word-count", ValueSerializer = "json")]
public sealed partial class WordCount
{
    [Topic("sentences")]
    public partial Topic<string, string> Sentences { get; }

    [Topic("words")]
    public partial Topic<string, string> Words { get; }

    [Table("counts", Default = 0L, Help = "How often each word was seen")]
    public partial Table<string, long> Counts { get; }

    /// <summary>Splits each sentence into words, keyed by the word.</summary>
    [Agent("sentences")]
    public async Task Split(IAgentStream<string> sentences)
    {
        await foreach (var sentence in sentences)
        {
            foreach (var word in sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var normalized = word.Trim('.', ',', ';', '!', '?').ToLowerInvariant();
                if (normalized.Length > 0)
                {
                    await Words.SendAsync(normalized, normalized);
                }
            }
        }
    }

    /// <summary>When the first word was counted (UTC), or null: the demo reports the time from process start to it.</summary>
    public DateTime? FirstCounted { get; private set; }

    /// <summary>Counts a word.</summary>
    [Agent("words")]
    public void Count(string word)
    {
        Counts[word] += 1;
        FirstCounted ??= DateTime.UtcNow;
    }

    /// <summary>Prints the most frequent words.</summary>
    [Timer(2)]
    public void Report() => Console.WriteLine("top words: " + FormatTop(5));

    /// <summary>The worker's web site: dashboard, stats, metrics, health and table lookups.</summary>
    protected override IWebSite? CreateWebSite() => new FaustGen.Web.FaustWebSite(this);

    /// <summary>The <paramref name="count"/> most frequent words and their counts.</summary>
    public string FormatTop(int count) =>
        string.Join(", ", Counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(count).Select(c => $"{c.Key}={c.Value}"));
}
