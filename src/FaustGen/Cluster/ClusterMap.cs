using FaustGen.Cluster;
using FaustGen.Transport;
using Microsoft.Extensions.Logging;

namespace FaustGen;

/// <summary>
/// Which worker of the app holds which partitions, where each is reached, and which one leads: the view every
/// worker builds of its cluster, on any transport.
/// </summary>
/// <remarks>
/// <para>
/// Kafka does not tell a group member what the others hold, so every worker publishes its entry (id, web URL,
/// start time, partitions) to the app's compacted internal topic <c>{app-id}-__cluster</c> when its assignment
/// changes and every <see cref="AppSettings.ClusterHeartbeatInterval"/>, removes it when it stops, and tails the
/// topic. An entry not refreshed for three intervals (a worker that crashed) expires.
/// </para>
/// <para>
/// The leader is the live worker that started first (ties go to the lowest id), so leadership moves only when
/// the leader goes. The view is eventually consistent: for about one interval after a crash or a rebalance,
/// two workers may both believe they lead, and a partition may show its old owner. Worker clocks are assumed to
/// agree to well within an interval.
/// </para>
/// </remarks>
public sealed partial class ClusterMap
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromMilliseconds(200);

    private readonly App app;
    private readonly Lock gate = new();
    private readonly Dictionary<string, ClusterMember> others = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<RecordMetadata, Exception?> onPublished;
    private volatile Snapshot snapshot = Snapshot.Empty;
    private volatile bool stopping;
    private ClusterMember? self;
    private ITransport? transport;
    private Thread? thread;
    private string topic = string.Empty;

    internal ClusterMap(App app)
    {
        this.app = app;
        MemberId = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}".ToLowerInvariant();
        onPublished = OnPublished;
    }

    /// <summary>This worker's id in the cluster map.</summary>
    public string MemberId { get; }

    /// <summary>The live workers, this one included while it runs, the leader first.</summary>
    public IReadOnlyList<ClusterMember> Members => snapshot.Members;

    /// <summary>The worker that leads, or null when none is known (the app is not running).</summary>
    public ClusterMember? Leader => snapshot.Members.Count > 0 ? snapshot.Members[0] : null;

    /// <summary>Whether this worker leads: on-leader timers and startup tasks run only here.</summary>
    public bool IsLeader => Leader?.Id == MemberId;

    /// <summary>The internal topic the map is kept in (<c>{app-id}-__cluster</c>).</summary>
    public string Topic => topic;

    /// <summary>The worker that holds <paramref name="partition"/>, or null when none is known to.</summary>
    public ClusterMember? OwnerOf(TopicPartition partition) =>
        snapshot.Owners.TryGetValue(partition, out var owner) ? owner : null;

    /// <summary>The name of the cluster topic of app <paramref name="appId"/>.</summary>
    internal static string TopicFor(string appId) => appId + "-__cluster";

    /// <summary>Creates the cluster topic if needed, publishes this worker and reads what the others published.
    /// Completes once the topic has been read up to its end.</summary>
    internal async Task StartAsync(ITransport broker, CancellationToken cancellationToken)
    {
        transport = broker;
        topic = TopicFor(app.Settings.Id);
        await broker.EnsureTopicAsync(new TopicSpec(topic, 1, app.Settings.ReplicationFactor, Compacted: true, Deleting: false, Retention: null), cancellationToken)
            .ConfigureAwait(false);
        var now = Now();
        lock (gate)
        {
            self = new ClusterMember(MemberId, app.Settings.AdvertisedUrl, now, now, []);
            Publish();
        }

        thread = new Thread(Run) { IsBackground = true, Name = $"faustgen-cluster-{app.Settings.Id}" };
        thread.Start();
        await ready.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishes this worker's new <paramref name="partitions"/>.</summary>
    internal void OnAssignmentChanged(IReadOnlyCollection<TopicPartition> partitions)
    {
        lock (gate)
        {
            if (self is null || stopping)
            {
                return;
            }

            self = self with { Updated = Now(), Partitions = [.. partitions] };
            Publish();
        }
    }

    /// <summary>Stops reading and removes this worker's entry (a tombstone), so the others see it go at once.</summary>
    internal async Task StopAsync()
    {
        if (transport is null || thread is null)
        {
            return;
        }

        stopping = true;
        await stopped.Task.ConfigureAwait(false);
        lock (gate)
        {
            if (self is not null)
            {
                transport.Producer.Send(new OutgoingMessage(topic, 0, ClusterEntryCodec.EncodeKey(MemberId), null), onPublished);
                self = null;
            }

            others.Clear();
            Rebuild();
        }
    }

    /// <summary>The time in the entries' precision (milliseconds), so every worker compares the same values.</summary>
    private static DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    private void Run()
    {
        var buffer = new ConsumedRecord[256];
        ITransportReader? reader = null;
        try
        {
            var interval = app.Settings.ClusterHeartbeatInterval;
            var nextHeartbeat = Environment.TickCount64 + (long)interval.TotalMilliseconds;
            var partition = new TopicPartition(topic, 0);
            long end = 0, position = 0;
            while (!stopping)
            {
                try
                {
                    if (reader is null)
                    {
                        reader = transport!.CreateReader(app.Settings.ClientId + "-cluster");
                        (position, end) = reader.GetWatermarks(partition);
                        reader.Assign([new TopicPartitionOffset(topic, 0, position)]);
                    }

                    var count = reader.Read(buffer, ReadTimeout);
                    Apply(buffer.AsSpan(0, count), ref position);
                    if (count == 0 || position >= end)
                    {
                        ready.TrySetResult();
                    }
                }
                catch (Exception ex)
                {
                    if (stopping)
                    {
                        // Stopping while a broker call failed (the worker may be cut off): nothing is left to do.
                        break;
                    }

                    // The broker may be unreachable for a while: keep publishing and retry reading. The app's start
                    // does not wait for a map it cannot read; until it can, the map shows only this worker.
                    LogReadFailed(app.Logger, ex, app.Settings.Id, ex.Message);
                    ready.TrySetResult();
                    reader?.Dispose();
                    reader = null;
                    Thread.Sleep(ReadTimeout);
                }

                try
                {
                    if (Environment.TickCount64 >= nextHeartbeat)
                    {
                        Heartbeat();
                        nextHeartbeat = Environment.TickCount64 + (long)interval.TotalMilliseconds;
                    }

                    Expire(interval * 3);
                }
                catch (Exception ex)
                {
                    if (stopping)
                    {
                        break;
                    }

                    LogPublishFailed(app.Logger, ex, app.Settings.Id, ex.Message);
                }
            }
        }
        finally
        {
            reader?.Dispose();
            Array.Clear(buffer);
            ready.TrySetResult();
            stopped.TrySetResult();
        }
    }

    private void Apply(ReadOnlySpan<ConsumedRecord> records, ref long position)
    {
        if (records.IsEmpty)
        {
            return;
        }

        lock (gate)
        {
            foreach (ref readonly var record in records)
            {
                position = record.Offset + 1;
                var id = record.Key is { } key ? System.Text.Encoding.UTF8.GetString(key) : null;
                if (id is null || id == MemberId)
                {
                    continue;
                }

                if (ClusterEntryCodec.Decode(record.Key, record.Value) is { } member)
                {
                    if (!others.TryGetValue(id, out var known) || known.Updated <= member.Updated)
                    {
                        others[id] = member;
                    }
                }
                else
                {
                    others.Remove(id);
                }
            }

            Rebuild();
        }
    }

    private void Heartbeat()
    {
        lock (gate)
        {
            if (self is not null && !stopping)
            {
                self = self with { Updated = Now() };
                Publish();
            }
        }
    }

    private void Expire(TimeSpan timeout)
    {
        lock (gate)
        {
            var oldest = DateTimeOffset.UtcNow - timeout;
            var gone = others.Values.Where(m => m.Updated < oldest).Select(m => m.Id).ToList();
            if (gone.Count > 0)
            {
                foreach (var id in gone)
                {
                    others.Remove(id);
                }

                Rebuild();
            }
        }
    }

    /// <summary>Sends this worker's entry; called under the gate so entries leave in the order they were made.</summary>
    private void Publish()
    {
        transport!.Producer.Send(
            new OutgoingMessage(topic, 0, ClusterEntryCodec.EncodeKey(MemberId), ClusterEntryCodec.EncodeValue(self!)), onPublished);
        Rebuild();
    }

    /// <summary>Makes the snapshot readers see; called under the gate.</summary>
    private void Rebuild()
    {
        var members = others.Values.Concat(self is null ? [] : [self])
            .OrderBy(m => m.Started)
            .ThenBy(m => m.Id, StringComparer.Ordinal)
            .ToArray();
        var owners = new Dictionary<TopicPartition, ClusterMember>();
        foreach (var member in members)
        {
            foreach (var partition in member.Partitions)
            {
                // During a rebalance two entries may claim a partition: the newer claim wins.
                if (!owners.TryGetValue(partition, out var claimed) || claimed.Updated < member.Updated)
                {
                    owners[partition] = member;
                }
            }
        }

        snapshot = new Snapshot(members, owners);
    }

    private void OnPublished(RecordMetadata metadata, Exception? error)
    {
        if (error is not null)
        {
            LogPublishFailed(app.Logger, error, app.Settings.Id, error.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "App {App} could not read its cluster map: {Reason}; retrying")]
    private static partial void LogReadFailed(ILogger logger, Exception error, string app, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "App {App} could not publish its cluster map entry: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, Exception error, string app, string reason);

    private sealed record Snapshot(IReadOnlyList<ClusterMember> Members, Dictionary<TopicPartition, ClusterMember> Owners)
    {
        public static readonly Snapshot Empty = new([], []);
    }
}
