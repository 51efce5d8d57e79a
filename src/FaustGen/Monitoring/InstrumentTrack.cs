using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace FaustGen.Monitoring;

/// <summary>What the monitor keeps of one instrument: a series per tag set.</summary>
internal sealed class InstrumentTrack
{
    private readonly Instrument instrument;
    private readonly bool cumulative;
    private readonly Series untagged;

    // Most sensors carry one tag (agent, topic, table): their series are found by the tag itself, which costs no
    // allocation on the hot path; other tag sets are found by a string made of them.
    private readonly ConcurrentDictionary<KeyValuePair<string, object?>, Series> byTag = new(TagComparer.Instance);
    private readonly ConcurrentDictionary<string, Series> byTags = new(StringComparer.Ordinal);

    public InstrumentTrack(Instrument instrument)
    {
        this.instrument = instrument;
        Kind = KindOf(instrument);

        // Observable counters report running totals, gauges their current value: both replace, counters add.
        cumulative = instrument.IsObservable || Kind == InstrumentKind.Gauge;
        untagged = new Series([]);
    }

    public InstrumentKind Kind { get; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = tags.Length switch
        {
            0 => untagged,
            1 => byTag.TryGetValue(tags[0], out var found) ? found : byTag.GetOrAdd(tags[0], static t => new Series([Text(t)])),
            _ => Find(tags),
        };
        series.Record(value, Kind, cumulative);
    }

    public void Sample(long now)
    {
        untagged.Sample(now);
        foreach (var series in byTag.Values)
        {
            series.Sample(now);
        }

        foreach (var series in byTags.Values)
        {
            series.Sample(now);
        }
    }

    public InstrumentSnapshot Snapshot(long now)
    {
        var all = byTag.Values.Concat(byTags.Values);
        if (untagged.HasData)
        {
            all = all.Prepend(untagged);
        }

        return new InstrumentSnapshot(
            instrument.Name,
            instrument.Unit,
            instrument.Description,
            Kind,
            [.. all.Select(s => s.Snapshot(now, Kind)).OrderBy(s => Key(s.Tags), StringComparer.Ordinal)]);
    }

    private static InstrumentKind KindOf(Instrument instrument)
    {
        // The generic definition tells the instrument's kind without reflecting over members, so it is safe under AOT.
        var definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : instrument.GetType();
        if (definition == typeof(Histogram<>))
        {
            return InstrumentKind.Histogram;
        }

        if (definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>))
        {
            return InstrumentKind.Counter;
        }

        if (definition == typeof(UpDownCounter<>) || definition == typeof(ObservableUpDownCounter<>))
        {
            return InstrumentKind.UpDownCounter;
        }

        return InstrumentKind.Gauge;
    }

    private Series Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var texts = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            texts[i] = Text(tags[i]);
        }

        Array.Sort(texts, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var key = Key(texts);
        return byTags.TryGetValue(key, out var found) ? found : byTags.GetOrAdd(key, _ => new Series(texts));
    }

    private static KeyValuePair<string, string> Text(KeyValuePair<string, object?> tag) =>
        new(tag.Key, Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty);

    private static string Key(IReadOnlyList<KeyValuePair<string, string>> tags) =>
        string.Join(",", tags.Select(t => t.Key + "=" + t.Value));

    /// <summary>
    /// Compares tags by name and value. KeyValuePair has no equality of its own: the default comparer would box it and
    /// compare fields by reflection, on every measurement.
    /// </summary>
    private sealed class TagComparer : IEqualityComparer<KeyValuePair<string, object?>>
    {
        public static readonly TagComparer Instance = new();

        public bool Equals(KeyValuePair<string, object?> x, KeyValuePair<string, object?> y) =>
            string.Equals(x.Key, y.Key, StringComparison.Ordinal) && object.Equals(x.Value, y.Value);

        public int GetHashCode(KeyValuePair<string, object?> tag) => HashCode.Combine(tag.Key, tag.Value);
    }

    /// <summary>One tag set's values and its samples over the window.</summary>
    private sealed class Series
    {
        // One sample per second for the window, and one more so a full window has both ends.
        private const int Capacity = 62;

        private readonly Lock gate = new();
        private readonly KeyValuePair<string, string>[] tags;
        private readonly (long At, double Value, long Count, double Sum)[] samples = new (long, double, long, double)[Capacity];
        private int next;
        private int filled;
        private double value;
        private long count;
        private double sum;
        private double min = double.PositiveInfinity;
        private double max = double.NegativeInfinity;

        public Series(KeyValuePair<string, string>[] tags)
        {
            this.tags = tags;

            // A series appears with its first measurement; until then it was zero, which is the baseline its rate needs.
            samples[0] = (Environment.TickCount64, 0, 0, 0);
            next = 1;
            filled = 1;
        }

        public bool HasData
        {
            get
            {
                lock (gate)
                {
                    return count > 0;
                }
            }
        }

        public void Record(double measurement, InstrumentKind kind, bool cumulative)
        {
            lock (gate)
            {
                count++;
                if (kind == InstrumentKind.Histogram)
                {
                    sum += measurement;
                    min = Math.Min(min, measurement);
                    max = Math.Max(max, measurement);
                }
                else if (cumulative)
                {
                    value = measurement;
                }
                else
                {
                    value += measurement;
                }
            }
        }

        public void Sample(long now)
        {
            lock (gate)
            {
                samples[next] = (now, value, count, sum);
                next = (next + 1) % Capacity;
                filled = Math.Min(filled + 1, Capacity);
            }
        }

        public SeriesSnapshot Snapshot(long now, InstrumentKind kind)
        {
            lock (gate)
            {
                // The oldest sample still inside the window, against the values now.
                var windowStart = now - (long)AppMonitor.Window.TotalMilliseconds;
                (long At, double Value, long Count, double Sum)? oldest = null;
                for (var i = filled; i > 0; i--)
                {
                    var sample = samples[(next - i + Capacity) % Capacity];
                    if (sample.At >= windowStart)
                    {
                        oldest = sample;
                        break;
                    }
                }

                double? rate = null;
                double? windowMean = null;
                if (oldest is { } then && now - then.At >= 500)
                {
                    var seconds = (now - then.At) / 1000.0;
                    if (kind == InstrumentKind.Histogram)
                    {
                        rate = (count - then.Count) / seconds;
                        windowMean = count > then.Count ? (sum - then.Sum) / (count - then.Count) : null;
                    }
                    else if (kind == InstrumentKind.Counter)
                    {
                        rate = (value - then.Value) / seconds;
                    }
                }

                return kind == InstrumentKind.Histogram
                    ? new SeriesSnapshot(tags, count, rate, count, sum, count > 0 ? min : 0, count > 0 ? max : 0, windowMean)
                    : new SeriesSnapshot(tags, value, rate, count, 0, 0, 0, null);
            }
        }
    }
}
