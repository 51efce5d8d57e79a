using System.Globalization;
using System.Text;
using FaustGen.Monitoring;

namespace FaustGen.Web;

/// <summary>
/// Writes a monitor snapshot in Prometheus's text exposition format (version 0.0.4), named the way OpenTelemetry's
/// Prometheus exporter names instruments: dots become underscores, the unit is a suffix (<c>ms</c> →
/// <c>_milliseconds</c>; annotations such as <c>{message}</c> are dropped), counters end in <c>_total</c>. Histograms
/// are written as summaries without quantiles (<c>_sum</c>, <c>_count</c>): the monitor keeps no buckets.
/// </summary>
public static class PrometheusText
{
    /// <summary>The content type of the format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The exposition of <paramref name="snapshot"/>; every sample carries the label <c>app</c>.</summary>
    public static string Write(MonitorSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var text = new StringBuilder();
        foreach (var instrument in snapshot.Instruments)
        {
            var name = MetricName(instrument);
            var type = instrument.Kind switch
            {
                InstrumentKind.Counter => "counter",
                InstrumentKind.Histogram => "summary",
                _ => "gauge",
            };
            if (instrument.Description is { Length: > 0 } help)
            {
                text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(help)).Append('\n');
            }

            text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            foreach (var series in instrument.Series)
            {
                var labels = Labels(snapshot.App, series);
                if (instrument.Kind == InstrumentKind.Histogram)
                {
                    Sample(text, name + "_sum", labels, series.Sum);
                    Sample(text, name + "_count", labels, series.Count);
                }
                else
                {
                    Sample(text, name, labels, series.Value);
                }
            }
        }

        return text.ToString();
    }

    /// <summary>The Prometheus name of <paramref name="instrument"/>.</summary>
    public static string MetricName(InstrumentSnapshot instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var name = Sanitize(instrument.Name, metric: true);
        var unit = UnitSuffix(instrument.Unit);
        if (unit.Length > 0 && !name.EndsWith("_" + unit, StringComparison.Ordinal))
        {
            name += "_" + unit;
        }

        return instrument.Kind == InstrumentKind.Counter && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
    }

    private static string UnitSuffix(string? unit) => unit switch
    {
        null or "" or "1" => string.Empty,
        "ms" => "milliseconds",
        "s" => "seconds",
        "us" => "microseconds",
        "ns" => "nanoseconds",
        "By" => "bytes",
        _ when unit.StartsWith('{') => string.Empty,
        _ => Sanitize(unit, metric: true),
    };

    private static string Labels(string app, SeriesSnapshot series)
    {
        var labels = new StringBuilder("{app=\"").Append(EscapeLabel(app)).Append('"');
        foreach (var tag in series.Tags)
        {
            labels.Append(',').Append(Sanitize(tag.Key, metric: false)).Append("=\"").Append(EscapeLabel(tag.Value)).Append('"');
        }

        return labels.Append('}').ToString();
    }

    private static void Sample(StringBuilder text, string name, string labels, double value) =>
        text.Append(name).Append(labels).Append(' ').Append(Number(value)).Append('\n');

    private static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Names are [a-zA-Z_:][a-zA-Z0-9_:]* (labels without ':'); anything else becomes '_'.</summary>
    private static string Sanitize(string name, bool metric)
    {
        var builder = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            var ok = char.IsAsciiLetterOrDigit(c) || c == '_' || (metric && c == ':');
            builder.Append(ok ? c : '_');
        }

        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    private static string EscapeLabel(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
