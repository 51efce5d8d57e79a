namespace Samples.WordCount;

/// <summary>The sentences the demo feeds: the opening of Goethe's Faust, in Bayard Taylor's translation.</summary>
internal static class Corpus
{
    public static readonly string[] Sentences =
    [
        "Ah, now I've done Philosophy, I've finished Law and Medicine,",
        "And sadly even Theology: taken fierce pains, from end to end.",
        "Now here I am, a fool for sure! No wiser than I was before:",
        "Master, Doctor's what they call me, and I've been ten years, already,",
        "Crosswise, arcing, to and fro, leading my students by the nose,",
        "And see that we can know - nothing! It almost sets my heart burning.",
        "I'm cleverer than all these dull Doctors, Masters, Writers, Priests;",
        "I'm not plagued by doubt or scruple, scared by neither Hell nor Devil.",
    ];

    /// <summary>How many words the first <paramref name="sent"/> sentences (cycling through the corpus) contain.</summary>
    public static long Words(int sent)
    {
        long words = 0;
        for (var i = 0; i < sent; i++)
        {
            words += Count(Sentences[i % Sentences.Length]);
        }

        return words;
    }

    private static int Count(string sentence) =>
        sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Count(w => w.Trim('.', ',', ';', '!', '?').Length > 0);
}
