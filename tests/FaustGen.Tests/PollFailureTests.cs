using FaustGen.Transport;
using FaustGen.Transport.Memory;

namespace FaustGen.Tests;

/// <summary>A poll loop that fails leaves nothing consuming: the app stops by itself and ends Failed.</summary>
public sealed class PollFailureTests
{
    [Fact]
    public async Task An_app_whose_poll_loop_fails_stops_and_ends_failed()
    {
        var transport = new FailingTransportFactory();
        await using var app = new TestApps.Defined("poll-failure", d =>
        {
            d.Transport(transport);
            var numbers = d.Topic<string, int>("numbers", new TopicOptions { Partitions = 1 });
            d.EventAgent("record", numbers, (_, _) => default);
        });
        app.Settings.Broker = $"failing://poll-{Guid.NewGuid():N}";
        await app.StartAsync();
        Assert.Equal(AppState.Running, app.State);
        Assert.False(app.Completion.IsCompleted);

        transport.FailPolls = true;
        await app.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(AppState.Failed, app.State);
    }

    /// <summary>The memory transport, whose consumers throw from <see cref="ITransportConsumer.Poll"/> once told to.</summary>
    private sealed class FailingTransportFactory : ITransportFactory
    {
        public volatile bool FailPolls;

        public string Scheme => "failing";

        public ITransport Create(App app)
        {
            Validation.Urls.TrySplit(app.Settings.Broker, out _, out var name);
            return new FailingTransport(new MemoryTransport(MemoryBroker.Get(name), app.Settings), this);
        }
    }

    private sealed class FailingTransport(MemoryTransport memory, FailingTransportFactory factory) : ITransport
    {
        public ITransportProducer Producer => memory.Producer;

        public ITransportConsumer CreateConsumer(ConsumerSettings settings, IRebalanceListener listener) =>
            new FailingConsumer(memory.CreateConsumer(settings, listener), factory);

        public ITransportReader CreateReader(string clientId) => memory.CreateReader(clientId);

        public ValueTask<int?> GetPartitionCountAsync(string topic, CancellationToken cancellationToken) => memory.GetPartitionCountAsync(topic, cancellationToken);

        public ValueTask EnsureTopicAsync(TopicSpec topic, CancellationToken cancellationToken) => memory.EnsureTopicAsync(topic, cancellationToken);

        public ValueTask DisposeAsync() => memory.DisposeAsync();
    }

    private sealed class FailingConsumer(ITransportConsumer inner, FailingTransportFactory factory) : ITransportConsumer
    {
        public void Subscribe(IReadOnlyCollection<string> topics) => inner.Subscribe(topics);

        public int Poll(Span<ConsumedRecord> buffer, TimeSpan timeout) =>
            factory.FailPolls ? throw new InvalidOperationException("The broker connection broke in a way the client cannot recover from.") : inner.Poll(buffer, timeout);

        public void Wake() => inner.Wake();

        public void Pause(IReadOnlyCollection<TopicPartition> partitions) => inner.Pause(partitions);

        public void Resume(IReadOnlyCollection<TopicPartition> partitions) => inner.Resume(partitions);

        public void Commit(IReadOnlyCollection<TopicPartitionOffset> offsets) => inner.Commit(offsets);

        public void Close() => inner.Close();

        public void Dispose() => inner.Dispose();
    }
}
