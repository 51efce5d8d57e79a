using FaustGen.Codecs;
using FaustGen.Monitoring;
using FaustGen.Transport;
using FaustGen.Validation;

namespace FaustGen;

/// <summary>What the app tells its operators (the monitor, recovery, standbys, lag, tables) and what they can do
/// from outside it (send).</summary>
public abstract partial class App
{
    private AppMonitor? monitor;

    /// <summary>
    /// The monitor (Faust's <c>app.monitor</c>): totals and rates of every instrument on <see cref="Meter"/>, the
    /// app's sensors and yours. It exists once the app has started, and stays readable after it stops.
    /// </summary>
    /// <exception cref="InvalidOperationException">The app has not started.</exception>
    public AppMonitor Monitor => monitor ?? throw new InvalidOperationException(
        $"App '{Settings.Id}' has not started: its monitor is created when it starts.");

    /// <summary>How far rebuilding tables from their changelogs has come; the worker is ready once it is complete.</summary>
    public RecoveryProgress Recovery => RecoverySource?.Invoke() ?? RecoveryProgress.Complete;

    /// <summary>The table partitions this worker keeps as standby copies for other workers
    /// (see <see cref="AppSettings.StandbyReplicas"/>).</summary>
    public IReadOnlyCollection<TopicPartition> Standbys => StandbySource?.Invoke() ?? [];

    /// <summary>What the worker serves over the web (made by <see cref="CreateWebSite"/> when the app starts), or null.</summary>
    public IWebSite? WebSite => webSite;

    /// <summary>Whether the worker serves: it runs and its tables are rebuilt (the readiness health check).</summary>
    public bool IsReady => State == AppState.Running && Recovery.IsComplete;

    /// <summary>Whether the worker is healthy as a process (the liveness health check): it has not failed, and none of
    /// its agents has stopped on an error (neither heals without a restart).</summary>
    public bool IsLive => State != AppState.Failed && !agents.Exists(a => a.Crashed);

    /// <summary>Where table recovery reports its progress; until it does, the app counts as recovered.</summary>
    internal Func<RecoveryProgress>? RecoverySource { get; set; }

    /// <summary>Where standby replication reports the partitions it keeps.</summary>
    internal Func<IReadOnlyCollection<TopicPartition>>? StandbySource { get; set; }

    /// <summary>Records of <paramref name="partition"/> this worker has not yet processed, or null when not known.</summary>
    public long? ConsumerLag(TopicPartition partition) => pollLoop?.Lag(partition);

    /// <summary>The app's tables seen without their types; their changelogs and sizes are known once it has started.</summary>
    public IReadOnlyList<TableView> Tables => [.. tables.Select(t => t.CreateView())];

    /// <summary>The topic named <paramref name="name"/> that the app declares or consumes, seen without its types
    /// (its codecs resolved against the settings as they are), or null.</summary>
    public TopicView? FindTopic(string name)
    {
        lock (topics)
        {
            if (!topics.TryGetValue(name, out var topic))
            {
                return null;
            }

            if (!topicsResolved)
            {
                topic.Resolve(this);
            }

            return topic.CreateView();
        }
    }

    /// <summary>
    /// Sends a message given as text (Faust's <c>send</c> command) through the app's broker without starting the
    /// app or joining its group. For a topic the app declares, <paramref name="key"/> and <paramref name="value"/>
    /// are read as its types (by its codec when the text is its encoding, else as JSON, else, for strings, as the
    /// text) and encoded with its codecs or <paramref name="valueCodec"/>; for another topic they are sent as UTF-8.
    /// It connects as a start does (waiting at most <see cref="AppSettings.BrokerConnectTimeout"/>), then waits at most
    /// <paramref name="timeout"/> (default: as long as the transport does) for the broker to take each copy.
    /// </summary>
    /// <returns>Where each of the <paramref name="repeat"/> copies was written.</returns>
    /// <exception cref="FaustConfigurationException">A setting is invalid.</exception>
    /// <exception cref="FormatException">The key or the value cannot be read as the topic's type.</exception>
    /// <exception cref="BrokerUnreachableException">The broker did not answer.</exception>
    /// <exception cref="DeliveryException">The broker did not take a message, or did not confirm it within <paramref name="timeout"/>.</exception>
    public async Task<IReadOnlyList<RecordMetadata>> SendTextAsync(
        string topic, string? key, string value, int? partition = null, Codec? valueCodec = null, int repeat = 1, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeat, 1);
        if (timeout is { } limit)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit, TimeSpan.Zero, nameof(timeout));
        }

        Settings.Validate(transports.Keys, stores.Keys);
        var message = FindTopic(topic) is { } view
            ? view.Encode(key, value, partition, valueCodec)
            : new OutgoingMessage(topic, partition, key is null ? null : System.Text.Encoding.UTF8.GetBytes(key), System.Text.Encoding.UTF8.GetBytes(value));
        // The app has no meter of its own before it starts: the transport gets one for this send.
        using var meter = new System.Diagnostics.Metrics.Meter(AppMetrics.MeterName);
        var broker = CreateTransport(meter);
        await using (broker.ConfigureAwait(false))
        {
            await broker.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var written = new RecordMetadata[repeat];
            for (var i = 0; i < repeat; i++)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                if (timeout is { } each)
                {
                    wait.CancelAfter(each);
                }

                try
                {
                    written[i] = await broker.Producer.SendAsync(message, wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new DeliveryException(topic, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"the broker did not confirm it within {timeout!.Value.TotalSeconds:0.###} s"), ex);
                }
            }

            return written;
        }
    }

    /// <summary>Starts the monitor on the app's meter (at start, after the meter).</summary>
    private void StartMonitor(AppMetrics appMetrics)
    {
        monitor?.Dispose();
        monitor = new AppMonitor(this, appMetrics.Meter);
    }
}
