using System.Text;

namespace FaustGen.Kafka.Tests;

public sealed class PartitionerTests
{
    [Theory]
    [InlineData("embedded")]
    [InlineData("memory")]
    public async Task Every_transport_puts_a_key_on_the_partition_Partitioner_computes(string scheme)
    {
        using var broker = TestBroker.Start();
        var words = broker.CreateTopic("words", 7);
        var brokerUrl = scheme == "embedded" ? broker.BrokerUrl : "memory://partitioner-" + Guid.NewGuid().ToString("N");
        await using var app = new Counter(broker.Name("partitioner"), brokerUrl, scheme == "embedded" ? words : "words", configure: s => s.TopicPartitions = 7);
        await app.StartAsync();
        foreach (var key in Kafka.Words("key-", 200))
        {
            var written = await app.Words.SendAsync(key, "v");
            Assert.Equal(Transport.Partitioner.ForKey(Encoding.UTF8.GetBytes(key), 7), written.Partition);
        }
    }

    [Fact]
    public void Murmur2_matches_the_values_of_Kafkas_Java_client()
    {
        // The vectors of the Java client's UtilsTest.testMurmur2.
        Assert.Equal(-973932308, Transport.Partitioner.Murmur2("21"u8));
        Assert.Equal(-790332482, Transport.Partitioner.Murmur2("foobar"u8));
        Assert.Equal(-985981536, Transport.Partitioner.Murmur2("a-little-bit-long-string"u8));
        Assert.Equal(-1486304829, Transport.Partitioner.Murmur2("a-little-bit-longer-string"u8));
        Assert.Equal(-58897971, Transport.Partitioner.Murmur2("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8"u8));
        Assert.Equal(479470107, Transport.Partitioner.Murmur2("abc"u8));
    }
}
