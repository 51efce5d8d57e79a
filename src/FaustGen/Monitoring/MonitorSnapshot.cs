namespace FaustGen.Monitoring;

/// <summary>Every instrument of an app's meter as its monitor saw it at one moment (see <see cref="AppMonitor.Snapshot"/>).</summary>
/// <param name="App">The app's id.</param>
/// <param name="Taken">When the snapshot was taken.</param>
/// <param name="Instruments">The instruments, by name.</param>
/// <param name="RecentErrors">The latest errors, newest first.</param>
public sealed record MonitorSnapshot(string App, DateTimeOffset Taken, IReadOnlyList<InstrumentSnapshot> Instruments, IReadOnlyList<ErrorSnapshot> RecentErrors)
{
    /// <summary>The instrument named <paramref name="name"/>, or null when nothing was recorded on it yet.</summary>
    public InstrumentSnapshot? Find(string name) => Instruments.FirstOrDefault(i => i.Name == name);

    /// <summary>
    /// The value of instrument <paramref name="name"/> (a counter's total, a gauge's value, a histogram's count),
    /// summed over its series, or over those whose tag <paramref name="tag"/> is <paramref name="value"/>.
    /// </summary>
    public double Value(string name, string? tag = null, string? value = null) =>
        Find(name)?.Series.Where(s => tag is null || s.Tag(tag) == value).Sum(s => s.Value) ?? 0;

    /// <summary>The rate per second of <paramref name="name"/> over the last minute, summed like <see cref="Value"/>.</summary>
    public double Rate(string name, string? tag = null, string? value = null) =>
        Find(name)?.Series.Where(s => tag is null || s.Tag(tag) == value).Sum(s => s.Rate ?? 0) ?? 0;
}

/// <summary>An instrument and its series.</summary>
/// <param name="Name">The instrument's name (<c>faustgen.messages.received</c>).</param>
/// <param name="Unit">Its unit (<c>ms</c>, <c>{message}</c>), or null.</param>
/// <param name="Description">What it measures, or null.</param>
/// <param name="Kind">How its values add up.</param>
/// <param name="Series">One entry per tag set, ordered by tags.</param>
public sealed record InstrumentSnapshot(string Name, string? Unit, string? Description, InstrumentKind Kind, IReadOnlyList<SeriesSnapshot> Series);

/// <summary>The values of one tag set of an instrument.</summary>
/// <param name="Tags">The measurement's tags (not the meter's), ordered by name.</param>
/// <param name="Value">A counter's total since the app started, a gauge's current value, a histogram's count.</param>
/// <param name="Rate">Per second over the last minute: a counter's increase, a histogram's measurements; null for
/// gauges and until the app has run for half a second.</param>
/// <param name="Count">How many measurements were recorded (or observed).</param>
/// <param name="Sum">A histogram's sum of measurements (0 for others).</param>
/// <param name="Min">A histogram's smallest measurement (0 for others).</param>
/// <param name="Max">A histogram's largest measurement (0 for others).</param>
/// <param name="WindowMean">A histogram's mean over the last minute, or null.</param>
public sealed record SeriesSnapshot(
    IReadOnlyList<KeyValuePair<string, string>> Tags,
    double Value,
    double? Rate,
    long Count,
    double Sum,
    double Min,
    double Max,
    double? WindowMean)
{
    /// <summary>The value of tag <paramref name="name"/>, or null.</summary>
    public string? Tag(string name)
    {
        foreach (var tag in Tags)
        {
            if (tag.Key == name)
            {
                return tag.Value;
            }
        }

        return null;
    }
}

/// <summary>How an instrument's values add up.</summary>
public enum InstrumentKind
{
    /// <summary>A monotonic total (<c>Counter</c>, <c>ObservableCounter</c>).</summary>
    Counter,

    /// <summary>A total that may go down (<c>UpDownCounter</c>, <c>ObservableUpDownCounter</c>).</summary>
    UpDownCounter,

    /// <summary>A current value (<c>Gauge</c>, <c>ObservableGauge</c>).</summary>
    Gauge,

    /// <summary>A distribution of measurements (<c>Histogram</c>).</summary>
    Histogram,
}

/// <summary>An error the monitor saw.</summary>
/// <param name="At">When it was seen.</param>
/// <param name="Source">Where it happened (<c>agent count</c>).</param>
/// <param name="Type">The exception's type name.</param>
/// <param name="Message">The exception's message.</param>
public sealed record ErrorSnapshot(DateTimeOffset At, string Source, string Type, string Message);
