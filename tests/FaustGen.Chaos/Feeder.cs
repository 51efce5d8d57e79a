using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Confluent.Kafka;

namespace FaustGen.Chaos;

/// <summary>
/// Feeds the source topic at a steady rate with a plain idempotent producer and keeps its own count of every key it
/// delivered: the count the app's results are checked against.
/// </summary>
internal sealed class Feeder(string bootstrapServers, Scenario scenario)
{
    private readonly ConcurrentDictionary<string, long> delivered = new(StringComparer.Ordinal);
    private long failed;
    private long sent;

    /// <summary>How many events of each key the broker took.</summary>
    public IReadOnlyDictionary<string, long> Delivered => delivered;

    /// <summary>Events the broker did not take (the feeder's producer retries for minutes, so none should fail).</summary>
    public long Failed => Interlocked.Read(ref failed);

    /// <summary>Events handed to the producer so far.</summary>
    public long Sent => Interlocked.Read(ref sent);

    /// <summary>Sends <see cref="Scenario.Events"/> events over <see cref="Scenario.Duration"/>, keys drawn from
    /// <paramref name="random"/>, and waits until every one is delivered or failed.</summary>
    public async Task RunAsync(Random random, CancellationToken cancellationToken)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            ClientId = "chaos-feeder",
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            // Brokers go down in some runs: the feeder waits them out rather than lose an event.
            MessageTimeoutMs = 600_000,
            Partitioner = Confluent.Kafka.Partitioner.Murmur2Random,
        }).Build();
        var keys = Enumerable.Range(0, scenario.Keys).Select(i => $"k{i}").ToArray();
        var tick = TimeSpan.FromMilliseconds(10);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < scenario.Events; i++)
        {
            // Steady: event i is due at i / Events of the duration.
            var due = scenario.Duration * ((double)i / scenario.Events);
            var wait = due - Stopwatch.GetElapsedTime(started);
            if (wait > tick)
            {
                await Task.Delay(wait, cancellationToken);
            }

            var key = keys[random.Next(keys.Length)];
            var message = new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(key), Value = Encoding.UTF8.GetBytes($"\"{key}\"") };
            producer.Produce(Topics.Events, message, report =>
            {
                if (report.Error.IsError)
                {
                    Interlocked.Increment(ref failed);
                }
                else
                {
                    delivered.AddOrUpdate(key, 1, static (_, n) => n + 1);
                }
            });
            Interlocked.Increment(ref sent);
        }

        while (producer.Flush(TimeSpan.FromSeconds(1)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
