using System.Collections.Immutable;
using FaustGen.Testing;

namespace FaustGen.TableKinds.Tests;

/// <summary>Set tables on memory://: set operations, what they record in the changelog, and recovery from it.</summary>
public sealed class SetTableTests
{
    [Fact]
    public async Task Each_operation_that_changes_a_set_records_the_whole_set_and_an_emptied_set_is_removed()
    {
        await using var context = await AppTestContext.StartAsync(new TagApp("set-operations"));
        var app = (TagApp)context.App;
        var before = app.Tags["item"];
        string[] changes = ["add a", "add a", "add b", "union b,c,d", "intersect a,c,x", "except c", "symmetric a,z", "intersect z", "discard z", "discard z"];
        foreach (var change in changes)
        {
            await context.PutAsync(app.Changes, "item", change);
        }

        // add a (new), add a (already there), add b, union -> {a,b,c,d}, intersect -> {a,c}, except -> {a},
        // symmetric -> {z}, intersect z (no change), discard z -> {} (removed), discard z (not there).
        Assert.Equal([true, false, true, true, true, true, true, false, true, false], app.Changed);
        Assert.Empty(app.Tags["item"]);
        Assert.False(app.Tags.ContainsKey("item"));
        Assert.Same(ImmutableHashSet<string>.Empty, before);

        var changelog = Events.Changelog(context, app.Tags.Changelog);
        Assert.Equal(7, changelog.Count);
        Assert.All(changelog, r => Assert.Equal("item", r.Key));
        Assert.Equal(
            ["a", "a,b", "a,b,c,d", "a,c", "a", "z", null],
            changelog.Select(r => r.Value is null ? null : string.Join(",", r.Value.Order(StringComparer.Ordinal))));
    }

    [Fact]
    public async Task Sets_are_snapshots_and_are_rebuilt_from_the_changelog_after_a_restart()
    {
        var first = new TagApp("set-restart");
        ImmutableHashSet<string> snapshot;
        await using (var context = await AppTestContext.StartAsync(first))
        {
            await context.PutAsync(first.Changes, "red", "union apple,cherry");
            await context.PutAsync(first.Changes, "green", "union apple,lime");
            snapshot = first.Tags["red"];
            await context.PutAsync(first.Changes, "red", "add strawberry");
            Assert.True(first.Tags.Contains("red", "strawberry"));
            Assert.Equal(["apple", "cherry"], snapshot.Order(StringComparer.Ordinal));
        }

        var second = new TagApp("set-restart");
        second.Settings.Broker = first.Settings.Broker;
        await second.StartAsync();
        try
        {
            await Wait.UntilAsync(() => second.Recovery.IsComplete && second.Assignment.Count(tp => tp.Topic == "tag-changes") == 2, "the restarted worker has rebuilt its tables");
            Assert.Equal(["apple", "cherry", "strawberry"], second.Tags["red"].Order(StringComparer.Ordinal));
            Assert.Equal(["apple", "lime"], second.Tags["green"].Order(StringComparer.Ordinal));
            Assert.Equal(2, second.Tags.Count);
            Assert.Contains("processes an event", Assert.Throws<InvalidOperationException>(() => second.Tags.Add("red", "plum")).Message, StringComparison.Ordinal);
        }
        finally
        {
            await second.StopAsync();
        }
    }
}
