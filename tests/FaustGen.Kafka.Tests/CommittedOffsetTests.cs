using System.Text;
using Confluent.Kafka;
using FaustGen.Kafka.Embedded;

namespace FaustGen.Kafka.Tests;

/// <summary>Where committed offsets end: at the end of the log, past the transaction markers that close it.</summary>
public sealed class CommittedOffsetTests
{
    [Fact]
    public async Task A_partition_whose_log_ends_in_a_transaction_marker_is_committed_to_its_end_and_shows_no_lag()
    {
        using var broker = TestBroker.Start(transactions: true);
        var words = broker.CreateTopic("words", 1);
        // Three transactions of 2, 2 and 1 records: data at offsets 0, 1, 3, 4 and 6, commit markers at 2, 5 and 7.
        using (var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = broker.BootstrapServers, TransactionalId = "marker-writer" }).Build())
        {
            producer.InitTransactions(TimeSpan.FromSeconds(30));
            var word = 0;
            foreach (var size in new[] { 2, 2, 1 })
            {
                producer.BeginTransaction();
                for (var i = 0; i < size; i++, word++)
                {
                    producer.Produce("words", new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes($"w{word}"), Value = Encoding.UTF8.GetBytes($"\"w{word}\"") });
                }

                producer.CommitTransaction(TimeSpan.FromSeconds(30));
            }
        }

        await using var app = new Counter(broker.Name("markers"), broker.BrokerUrl, words, configure: s => s.CommitInterval = TimeSpan.FromHours(1));
        await app.StartAsync();
        await Wait.UntilAsync(() => app.Seen.Count == 5, "the five words are counted");

        Assert.True(await app.CommitAsync());
        Assert.Equal(8, Kafka.Committed(broker.BootstrapServers, broker.Name("markers"), words, 1)[0]);
        await Wait.UntilAsync(() => app.ConsumerLag(new TopicPartition("words", 0)) == 0, "the partition shows no lag");
    }
}
