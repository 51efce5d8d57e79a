using System.Text;
using Confluent.Kafka;

namespace FaustGen.Throughput;

/// <summary>
/// A hand-written Confluent.Kafka loop: consume, upper-case, produce without waiting (a delivery handler counts
/// failures), and every commit interval flush the producer and commit what was consumed (at least once).
/// </summary>
internal sealed class PlainPipeline : IPipeline
{
    public string Name => "Confluent.Kafka loop";

    public Task<IAsyncDisposable> StartAsync(Endpoint endpoint, string input, string output, string group, Progress progress)
    {
        var loop = new Loop(endpoint.BootstrapServers, input, output, group, progress);
        return Task.FromResult<IAsyncDisposable>(loop);
    }

    private sealed class Loop : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Thread thread;
        private long failures;

        public Loop(string bootstrapServers, string input, string output, string group, Progress progress)
        {
            thread = new Thread(() => Run(bootstrapServers, input, output, group, progress)) { Name = "plain-loop" };
            thread.Start();
        }

        public ValueTask DisposeAsync()
        {
            stop.Cancel();
            thread.Join();
            stop.Dispose();
            return Interlocked.Read(ref failures) == 0 ? ValueTask.CompletedTask : throw new InvalidOperationException($"{failures} sends failed.");
        }

        private void Run(string bootstrapServers, string input, string output, string group, Progress progress)
        {
            using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(Tuning.ConsumerConfig(bootstrapServers, group)).Build();
            using var producer = new ProducerBuilder<byte[]?, byte[]?>(Tuning.ProducerConfig(bootstrapServers)).Build();
            Action<DeliveryReport<byte[]?, byte[]?>> onDelivery = report =>
            {
                if (report.Error.IsError)
                {
                    Interlocked.Increment(ref failures);
                }
            };
            consumer.Subscribe(input);
            var nextCommit = Environment.TickCount64 + (long)Tuning.CommitInterval.TotalMilliseconds;
            while (!stop.IsCancellationRequested)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (result is { IsPartitionEOF: false })
                {
                    progress.Consumed();
                    var upper = Encoding.UTF8.GetString(result.Message.Value!).ToUpperInvariant();
                    var message = new Message<byte[]?, byte[]?> { Key = result.Message.Key, Value = Encoding.UTF8.GetBytes(upper) };
                    while (true)
                    {
                        try
                        {
                            producer.Produce(output, message, onDelivery);
                            break;
                        }
                        catch (ProduceException<byte[]?, byte[]?> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                        {
                            producer.Poll(TimeSpan.FromMilliseconds(1));
                        }
                    }
                }

                if (Environment.TickCount64 >= nextCommit)
                {
                    producer.Flush(TimeSpan.FromSeconds(30));
                    Commit(consumer);
                    nextCommit = Environment.TickCount64 + (long)Tuning.CommitInterval.TotalMilliseconds;
                }
            }

            producer.Flush(TimeSpan.FromSeconds(30));
            Commit(consumer);
            consumer.Close();
        }

        private static void Commit(IConsumer<byte[]?, byte[]?> consumer)
        {
            try
            {
                consumer.Commit();
            }
            catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_NoOffset)
            {
                // Nothing consumed since the last commit.
            }
        }
    }
}
