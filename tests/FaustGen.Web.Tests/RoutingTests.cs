using System.Net;
using System.Text.Json;
using FaustGen.Kafka.Embedded;

namespace FaustGen.Web.Tests;

/// <summary>Two workers of one app on the embedded Kafka cluster, each with its own web port: a table request
/// reaches the worker that owns the key's partition, whichever worker it is sent to.</summary>
public sealed class RoutingTests
{
    [Fact]
    public async Task A_key_is_answered_by_its_owner_through_either_worker()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        cluster.CreateTopic("words", 4);
        var id = $"routing-{Guid.NewGuid():N}";
        await using var first = new WebCounter(id, cluster.BrokerUrl, Ports.Free());
        await using var second = new WebCounter(id, cluster.BrokerUrl, Ports.Free());
        await first.StartAsync();
        await second.StartAsync();
        WebCounter[] workers = [first, second];
        await Wait.UntilAsync(() => workers.All(w => w.Assignment.Count == 2), "each worker holds 2 of the 4 partitions");
        await Wait.UntilAsync(
            () => workers.All(w => w.Cluster.Members.Count == 2 && w.Cluster.Members.All(m => m.Partitions.Count == 2)),
            "both cluster maps show both workers' partitions");

        var words = Enumerable.Range(0, 12).Select(i => $"word{i}").ToArray();
        foreach (var word in words)
        {
            await first.Words.SendAsync(word, word);
        }

        await Wait.UntilAsync(() => workers.Sum(w => w.Counts.Count) == words.Length, "every word is counted");

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
        var (word0, owner, other) = (words[0], workers.Single(w => w.Counts.ContainsKey(words[0])), workers.Single(w => !w.Counts.ContainsKey(words[0])));

        // The router says which worker owns the key, asked anywhere.
        foreach (var asked in workers)
        {
            using var route = JsonDocument.Parse(await http.GetStringAsync($"{asked.Site!.Url}router/counts/{word0}"));
            Assert.Equal(owner.Cluster.MemberId, route.RootElement.GetProperty("worker").GetString());
            Assert.Equal(owner.Site!.Url!.ToString().TrimEnd('/'), route.RootElement.GetProperty("url").GetString());
            Assert.Equal(asked == owner, route.RootElement.GetProperty("local").GetBoolean());
        }

        // The other worker forwards the request, and the owner answers.
        foreach (var word in words)
        {
            foreach (var asked in workers)
            {
                var response = await http.GetAsync($"{asked.Site!.Url}tables/counts/{word}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var holder = workers.Single(w => w.Counts.ContainsKey(word));
                Assert.Equal(holder.Cluster.MemberId, response.Headers.GetValues(FaustWebSite.WorkerHeader).Single());
                using var value = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Assert.Equal(1, value.RootElement.GetProperty("value").GetInt64());
            }
        }

        // A windowed table's key too: each word was counted once, in one window; its query goes with it (none starts before 1970).
        foreach (var word in words)
        {
            foreach (var asked in workers)
            {
                var response = await http.GetAsync($"{asked.Site!.Url}tables/recent/{word}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(workers.Single(w => w.Counts.ContainsKey(word)).Cluster.MemberId, response.Headers.GetValues(FaustWebSite.WorkerHeader).Single());
                var values = await WindowValuesAsync(response);
                Assert.Equal([1L], values);
            }
        }

        Assert.Empty(await WindowValuesAsync(await http.GetAsync($"{other.Site!.Url}tables/recent/{word0}?to=0")));

        // Asked to redirect, the other worker points at the owner.
        var redirect = await http.GetAsync($"{other.Site!.Url}tables/counts/{word0}?redirect=true");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.StatusCode);
        Assert.Equal($"{owner.Site!.Url}tables/counts/{word0}?redirect=true", redirect.Headers.Location?.ToString());

        // A request already forwarded is not forwarded again: the partitions moved, the client should retry.
        using var forwarded = new HttpRequestMessage(HttpMethod.Get, $"{other.Site.Url}tables/counts/{word0}");
        forwarded.Headers.Add(FaustWebSite.ForwardedHeader, "test");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.SendAsync(forwarded)).StatusCode);
    }

    private static async Task<long[]> WindowValuesAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var windows = JsonDocument.Parse(text);
        return [.. windows.RootElement.GetProperty("windows").EnumerateArray().Select(w => w.GetProperty("value").GetInt64())];
    }

    [Fact]
    public async Task Consumer_lag_on_kafka_counts_what_a_worker_has_not_processed()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        cluster.CreateTopic("words", 4);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = new WebCounter($"lag-{Guid.NewGuid():N}", cluster.BrokerUrl, 0, s => s.WebEnabled = false, () => gate.Task);
        await app.StartAsync();
        await Wait.UntilAsync(() => app.Assignment.Count == 4, "the worker holds every partition");
        for (var i = 0; i < 20; i++)
        {
            await app.Words.SendAsync("same-key", "word");
        }

        var partition = new TopicPartition("words", FaustGen.Transport.Partitioner.ForKey("same-key"u8, 4));
        // Waited for, not asserted at once: a rebalance on a busy machine may briefly hand the partition over again.
        await Wait.UntilAsync(() => app.ConsumerLag(partition) == 20, "the 20 held events to show as lag");
        await Wait.UntilAsync(
            () => app.Monitor.Snapshot() is var s && s.Value("faustgen.consumer.lag", "topic", "words") == 20 && s.Value("faustgen.events.in_flight", "agent", "count") == 1,
            "the monitor to show the lag and the event in flight");

        gate.SetResult();
        await Wait.UntilAsync(() => app.ConsumerLag(partition) == 0, "the lag to fall to zero once they are processed");
        Assert.Equal(0, app.Monitor.Snapshot().Value("faustgen.consumer.lag", "topic", "words"));
    }
}
