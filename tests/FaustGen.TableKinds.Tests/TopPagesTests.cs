using FaustGen.Testing;
using FaustGen.Transport;

namespace FaustGen.TableKinds.Tests;

/// <summary>The example of docs/tables.md ("The top N of the current window"): the code between the markers is the
/// code the page shows, line for line (<see cref="TopPagesTests.The_docs_show_this_code"/> checks it).</summary>
[App("top-pages", TopicPartitions = 2)]
public partial class TopPagesApp
{
    [Topic("page-views")]
    public partial Topic<string, string> PageViewEvents { get; }

    // docs/tables.md: top N begins
    [WindowedTable("page-views-per-minute", Size = 60, Expires = 3600, Default = 0L)]
    public partial WindowedTable<string, long> PageViews { get; }

    [Agent("page-views")]
    public void Count(string page) => PageViews.Update(page, views => views + 1);

    // The pages with the most views in the window current at `time`, among the partitions this worker holds.
    public IReadOnlyList<(string Page, long Views)> TopPages(DateTimeOffset time, int count = 10)
    {
        var window = PageViews.Window.Current(time);
        return [.. PageViews
            .Where(entry => entry.Key.Window == window)
            .OrderByDescending(entry => entry.Value)
            .Take(count)
            .Select(entry => (entry.Key.Key, entry.Value))];
    }

    [Timer(10)]
    public void ReportTopPages() => Console.WriteLine(string.Join(", ", TopPages(PageViews.Clock.GetUtcNow())));
    // docs/tables.md: top N ends
}

public sealed class TopPagesTests
{
    private const string Begins = "// docs/tables.md: top N begins";
    private const string Ends = "// docs/tables.md: top N ends";

    [Fact]
    public async Task The_top_pages_are_those_with_the_most_views_in_the_window_current_at_the_time_asked()
    {
        await using var context = await AppTestContext.StartAsync(new TopPagesApp());
        var app = (TopPagesApp)context.App;

        // In the minute from 0 s, page-1 is viewed once (at 1 s), page-2 twice (at 2 s), ..., page-12 twelve times;
        // in the next minute, every page once and page-1 twenty times.
        var views = Enumerable.Range(1, 12).SelectMany(n => Enumerable.Repeat(($"page-{n}", n), n))
            .Concat(Enumerable.Range(1, 12).Select(n => ($"page-{n}", 70)))
            .Concat(Enumerable.Repeat(("page-1", 80), 19));
        var topic = app.PageViewEvents;
        foreach (var (page, seconds) in views)
        {
            var message = new OutgoingMessage(topic.Name, null, Events.Encode(topic.KeyCodec, page), Events.Encode(topic.ValueCodec, page), Timestamp: Events.At(seconds));
            context.Broker.Append(message, 2);
        }

        await context.WaitIdleAsync();
        Assert.Equal(
            [("page-12", 12L), ("page-11", 11L), ("page-10", 10L), ("page-9", 9L), ("page-8", 8L), ("page-7", 7L), ("page-6", 6L), ("page-5", 5L), ("page-4", 4L), ("page-3", 3L)],
            app.TopPages(Events.At(59.999)));
        Assert.Equal([("page-1", 20L)], app.TopPages(Events.At(60), count: 1));
        Assert.Empty(app.TopPages(Events.At(120)));
    }

    [Fact]
    public void The_docs_show_this_code()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "FaustGen.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("FaustGen.sln not found above " + AppContext.BaseDirectory);
        }

        var source = File.ReadAllLines(Path.Combine(root.FullName, "tests", "FaustGen.TableKinds.Tests", "TopPagesTests.cs")).Select(l => l.Trim()).ToList();
        var code = source.Skip(source.IndexOf(Begins) + 1).TakeWhile(l => l != Ends).ToList();
        var docs = File.ReadAllText(Path.Combine(root.FullName, "docs", "tables.md"));
        var block = docs[docs.IndexOf("#### The top N of the current window", StringComparison.Ordinal)..];
        block = block[(block.IndexOf("```csharp\n", StringComparison.Ordinal) + "```csharp\n".Length)..];
        var shown = block[..block.IndexOf("```", StringComparison.Ordinal)].Split('\n', StringSplitOptions.None).Select(l => l.Trim()).SkipLast(1).ToList();
        Assert.True(code.Count > 10, "The markers around the example are missing.");
        Assert.Equal(code, shown);
    }
}
