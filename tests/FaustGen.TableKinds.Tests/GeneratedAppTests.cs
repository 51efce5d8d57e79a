using System.Collections.Concurrent;
using FaustGen.Testing;

namespace FaustGen.TableKinds.Tests;

/// <summary>A visit to a page by a visitor, at the time it says.</summary>
[Record]
public sealed partial record Visit(string Page, string Visitor, DateTimeOffset At);

/// <summary>An app whose windowed, set and global tables the generator declares from their attributes.</summary>
[App("generated-kinds", TopicPartitions = 1)]
public partial class PageApp
{
    [Topic("visits")]
    public partial Topic<string, Visit> Visits { get; }

    [WindowedTable("views", Size = 10, Expires = 20, Default = 0L, RelativeToField = nameof(VisitTime), OnWindowClose = nameof(OnViewsClosed))]
    public partial WindowedTable<string, long> Views { get; }

    [SetTable("visitors")]
    public partial SetTable<string, string> Visitors { get; }

    [GlobalTable("titles", Default = "untitled")]
    public partial GlobalTable<string, string> Titles { get; }

    /// <summary>Each closed window: page, window, views, and the page's title then.</summary>
    public ConcurrentQueue<(string Page, WindowRange Window, long Views, string Title)> Closed { get; } = new();

    [Agent("visits")]
    public void Count(Visit visit)
    {
        Views.Update(visit.Page, views => views + 1);
        Visitors.Add(visit.Page, visit.Visitor);
    }

    private static DateTimeOffset VisitTime(Visit visit) => visit.At;

    private void OnViewsClosed(string page, WindowRange window, long views) => Closed.Enqueue((page, window, views, Titles[page]));
}

public sealed class GeneratedAppTests
{
    [Fact]
    public async Task The_generated_app_declares_each_kind_of_table_as_its_attribute_says()
    {
        await using var context = await AppTestContext.StartAsync(new PageApp());
        var app = (PageApp)context.App;
        app.Titles["home"] = "Welcome";
        await Wait.UntilAsync(() => app.Titles["home"] == "Welcome", "the title is applied");

        await context.PutAsync(app.Visits, "home", new Visit("home", "ann", Events.At(1)));
        await context.PutAsync(app.Visits, "home", new Visit("home", "bob", Events.At(4)));
        await context.PutAsync(app.Visits, "home", new Visit("home", "ann", Events.At(12)));
        await context.PutAsync(app.Visits, "home", new Visit("home", "cid", Events.At(20)));

        var window = new WindowRange(Events.At(0), Events.At(10));
        Assert.Equal(window, app.Views.Window.Current(Events.At(5)));
        Assert.Equal(TimeSpan.FromSeconds(20), app.Views.Window.Expires);
        Assert.Equal([("home", window, 2L, "Welcome")], app.Closed);
        Assert.Equal(1, app.Views["home"].Value(new WindowRange(Events.At(10), Events.At(20))));
        Assert.Equal(["ann", "bob", "cid"], app.Visitors["home"].Order(StringComparer.Ordinal));
        Assert.Equal("untitled", app.Titles["away"]);
    }
}
