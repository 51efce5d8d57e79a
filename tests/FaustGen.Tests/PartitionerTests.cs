using System.Text;
using FaustGen.Transport;

namespace FaustGen.Tests;

public sealed class PartitionerTests
{
    // Values from Kafka's own test of Utils.murmur2, so keys land where Java producers put them.
    [Theory]
    [InlineData("21", -973932308)]
    [InlineData("foobar", -790332482)]
    [InlineData("a-little-bit-long-string", -985981536)]
    [InlineData("a-little-bit-longer-string", -1486304829)]
    [InlineData("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971)]
    [InlineData("abc", 479470107)]
    public void Murmur2_matches_kafka(string key, int expected) =>
        Assert.Equal(expected, Partitioner.Murmur2(Encoding.UTF8.GetBytes(key)));

    [Fact]
    public void A_key_always_maps_to_the_same_partition_within_range()
    {
        for (var i = 0; i < 1000; i++)
        {
            var key = Encoding.UTF8.GetBytes($"key-{i}");
            var partition = Partitioner.ForKey(key, 7);
            Assert.InRange(partition, 0, 6);
            Assert.Equal(partition, Partitioner.ForKey(key, 7));
        }
    }
}
