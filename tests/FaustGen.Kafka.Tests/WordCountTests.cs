
namespace FaustGen.Kafka.Tests;

public sealed class WordCountTests
{
    [Fact]
    public async Task Counts_words_end_to_end_and_commits_what_it_processed()
    {
        using var broker = TestBroker.Start();
        var topic = broker.CreateTopic("words", 4);
        await using var app = new Counter(broker.Name("wordcount"), broker.BrokerUrl, topic);
        await app.StartAsync();

        var words = Enumerable.Range(0, 200).Select(i => $"w{i % 10}").ToList();
        Kafka.Feed(broker.BootstrapServers, topic, words);
        await Wait.UntilAsync(() => app.Seen.Count == 200, "all 200 words are counted");

        foreach (var word in words.Distinct())
        {
            Assert.Equal(20, app.Counts[word]);
        }

        await app.StopAsync();
        var committed = Kafka.Committed(broker.BootstrapServers, broker.Name("wordcount"), topic, 4);
        var ends = Enumerable.Range(0, 4).Select(p => words.Count(w => Transport.Partitioner.ForKey(System.Text.Encoding.UTF8.GetBytes(w), 4) == p)).ToArray();
        Assert.Equal(ends.Select(e => (long)e), committed);
    }
}
