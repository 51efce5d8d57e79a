using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace FaustGen.Transport;

/// <summary>What a transport knows of the app it serves: its settings, where it logs and measures, and the
/// partition count its internal topics follow.</summary>
public sealed class TransportContext
{
    private readonly Func<int> partitionCount;

    /// <summary>Describes an app to a transport.</summary>
    /// <param name="settings">The app's settings (frozen: they no longer change).</param>
    /// <param name="loggerFactory">Where the app logs.</param>
    /// <param name="meter">The app's meter, for the transport's own instruments.</param>
    /// <param name="partitionCount">The partition count of the app's source topics, 0 until it is known.</param>
    public TransportContext(AppSettings settings, ILoggerFactory loggerFactory, Meter meter, Func<int> partitionCount)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(partitionCount);
        Settings = settings;
        LoggerFactory = loggerFactory;
        Meter = meter;
        this.partitionCount = partitionCount;
    }

    /// <summary>The app's settings.</summary>
    public AppSettings Settings { get; }

    /// <summary>Where the app logs.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The app's meter.</summary>
    public Meter Meter { get; }

    /// <summary>The partition count of the app's source topics (and so of its changelogs and repartition topics), or 0
    /// while the app has not learned it yet (early in its start).</summary>
    public int PartitionCount => partitionCount();
}
