using Confluent.Kafka;
using FaustGen.Kafka.Embedded;

namespace FaustGen.Chaos;

/// <summary>Does to the brokers what the scenario says, until cancelled, then leaves every broker up and every
/// injected error cleared.</summary>
internal sealed class Faults(Scenario scenario, EmbeddedKafkaCluster cluster, RunLog log)
{
    // Retriable errors, by request, that a Kafka cluster answers while leaders move and coordinators load.
    private static readonly (KafkaApiKey Api, ErrorCode Error)[] Injectable =
    [
        (KafkaApiKey.Produce, ErrorCode.NotLeaderForPartition),
        (KafkaApiKey.Produce, ErrorCode.RequestTimedOut),
        (KafkaApiKey.Fetch, ErrorCode.NotLeaderForPartition),
        (KafkaApiKey.ListOffsets, ErrorCode.NotLeaderForPartition),
        (KafkaApiKey.OffsetCommit, ErrorCode.GroupLoadInProgress),
        (KafkaApiKey.OffsetFetch, ErrorCode.GroupLoadInProgress),
        (KafkaApiKey.FindCoordinator, ErrorCode.GroupCoordinatorNotAvailable),
        (KafkaApiKey.Heartbeat, ErrorCode.GroupCoordinatorNotAvailable),
        (KafkaApiKey.JoinGroup, ErrorCode.GroupLoadInProgress),
        (KafkaApiKey.SyncGroup, ErrorCode.GroupCoordinatorNotAvailable),
        (KafkaApiKey.InitProducerId, ErrorCode.GroupLoadInProgress),
        (KafkaApiKey.Metadata, ErrorCode.LeaderNotAvailable),
    ];

    private int injected;

    /// <summary>Faults caused so far: broker outages, or batches of injected errors.</summary>
    public int Count => Volatile.Read(ref injected);

    public async Task RunAsync(Random random, CancellationToken cancellationToken)
    {
        if (scenario.Fault == BrokerFault.None)
        {
            return;
        }

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                switch (scenario.Fault)
                {
                    case BrokerFault.Bounce:
                        await Delay(random, 2, 4, cancellationToken);
                        await OutageAsync(random.Next(1, cluster.BrokerCount + 1), TimeSpan.FromSeconds(1 + random.NextDouble()), cancellationToken);
                        break;
                    case BrokerFault.Errors:
                        await Delay(random, 1, 2, cancellationToken);
                        var (api, error) = Injectable[random.Next(Injectable.Length)];
                        var count = random.Next(1, 4);
                        cluster.PushRequestErrors(api, Enumerable.Repeat(error, count).ToArray());
                        log.Note($"fault: next {count} {api} requests fail with {error}");
                        Interlocked.Increment(ref injected);
                        break;
                    case BrokerFault.LongOutage:
                        await Delay(random, 6, 10, cancellationToken);
                        // Twice the workers' producer.message.timeout.ms (4 s): sends queued for its partitions fail.
                        await OutageAsync(random.Next(1, cluster.BrokerCount + 1), TimeSpan.FromSeconds(8), cancellationToken);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The feed is over.
        }
        finally
        {
            for (var broker = 1; broker <= cluster.BrokerCount; broker++)
            {
                cluster.SetBrokerUp(broker);
            }

            foreach (var api in Injectable.Select(i => i.Api).Distinct())
            {
                cluster.ClearRequestErrors(api);
            }
        }
    }

    private static Task Delay(Random random, double minSeconds, double maxSeconds, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromSeconds(minSeconds + (random.NextDouble() * (maxSeconds - minSeconds))), cancellationToken);

    private async Task OutageAsync(int broker, TimeSpan length, CancellationToken cancellationToken)
    {
        cluster.SetBrokerDown(broker);
        Interlocked.Increment(ref injected);
        log.Note($"fault: broker {broker} down for {length.TotalSeconds:F1} s");
        try
        {
            await Task.Delay(length, cancellationToken);
        }
        finally
        {
            cluster.SetBrokerUp(broker);
            log.Note($"fault: broker {broker} up");
        }
    }
}
