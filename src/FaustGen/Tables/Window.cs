using FaustGen.Validation;

namespace FaustGen;

/// <summary>The kinds of window a <see cref="WindowedTable{TKey, TValue}"/> can keep.</summary>
public enum WindowKind
{
    /// <summary>Fixed-size windows that do not overlap: every event falls into exactly one.</summary>
    Tumbling,

    /// <summary>Fixed-size windows that start every step: an event falls into about size/step of them.</summary>
    Hopping,

    /// <summary>A window around each point of time: the events within the size before or after it.</summary>
    Sliding,
}

/// <summary>
/// How a windowed table cuts time into windows, and how long it keeps them (Faust's <c>tumbling</c>,
/// <c>hopping</c> and <c>sliding</c>). Times are whole milliseconds since the Unix epoch, as Kafka timestamps
/// are; windows are aligned to the epoch, include their start and exclude their end.
/// </summary>
/// <remarks>
/// <para>
/// <b>Tumbling</b> windows of size <c>s</c> are <c>[k·s, (k+1)·s)</c>. <b>Hopping</b> windows of size <c>s</c> and step
/// <c>h</c> are <c>[k·h, k·h + s)</c>; an event falls into every one that contains it, and its current window is the
/// latest of them. <b>Sliding</b> windows of size <c>s</c> and step <c>h</c> are centred on the multiples of the step:
/// <c>[c − s, c + s)</c> for <c>c = k·h</c>, so the window around an event at <c>t</c> holds the events from <c>s</c>
/// before it to <c>s</c> after it (Faust's <c>[t − size, t + size]</c>, its end excluded as in every window here):
/// exactly so when event times are multiples of the step, otherwise around <c>t</c> rounded to the nearest multiple.
/// An event falls into the <c>2s/h</c> windows whose centres are within <c>s</c> of it; its current window is the one
/// centred nearest to it.
/// </para>
/// <para>
/// A window <em>expires</em> when its table partition's time reaches its start plus <see cref="Expires"/>: it is
/// deleted, and an event that falls into it afterwards is late and leaves it alone. <see cref="Expires"/> is at least
/// the window's <see cref="Length"/>, so a window receives every event that is on time.
/// </para>
/// </remarks>
public sealed class Window
{
    /// <summary>At most this many windows may contain one point of time: more would make every write that many writes.</summary>
    public const int MaxWindowsPerEvent = WindowShapes.MaxWindowsPerEvent;

    private Window(WindowKind kind, TimeSpan size, TimeSpan? step, TimeSpan? expires)
    {
        var sizeMs = Milliseconds(size, nameof(size));
        var stepMs = step is { } given ? Milliseconds(given, nameof(step)) : 0;
        var expiresMs = expires is { } keep ? Milliseconds(keep, nameof(expires)) : 0;
        if (WindowShapes.Error((int)kind, sizeMs, stepMs, expiresMs, out _) is { } error)
        {
            throw new ArgumentException($"{kind} windows of size {size} cannot be kept: {error}.");
        }

        Kind = kind;
        Size = size;
        Expires = expires;
        SizeMs = sizeMs;
        StepMs = WindowShapes.StepOf((int)kind, sizeMs, stepMs);
        Step = TimeSpan.FromMilliseconds(StepMs);
        LengthMs = WindowShapes.LengthOf((int)kind, sizeMs);
        ExpiresMs = expires is null ? long.MaxValue : expiresMs;

        // Sliding windows are centred on multiples of the step, so their starts are those multiples minus the size.
        OriginMs = kind == WindowKind.Sliding ? FloorMod(-SizeMs, StepMs) : 0;
    }

    /// <summary>The kind of window.</summary>
    public WindowKind Kind { get; }

    /// <summary>The size: a tumbling or hopping window's length, a sliding window's reach on each side of its centre.</summary>
    public TimeSpan Size { get; }

    /// <summary>How far apart windows start (the size for tumbling windows).</summary>
    public TimeSpan Step { get; }

    /// <summary>How long after its start a window is kept, or null to keep windows forever.</summary>
    public TimeSpan? Expires { get; }

    /// <summary>How long a window is: the size, or twice the size for a sliding window.</summary>
    public TimeSpan Length => TimeSpan.FromMilliseconds(LengthMs);

    internal long SizeMs { get; }

    internal long StepMs { get; }

    internal long LengthMs { get; }

    internal long ExpiresMs { get; }

    internal bool HasExpiry => Expires is not null;

    private long OriginMs { get; }

    /// <summary>Tumbling windows of <paramref name="size"/> (Faust's <c>tumbling(size, expires)</c>).</summary>
    /// <param name="size">The windows' length: a whole number of milliseconds, 1 or more.</param>
    /// <param name="expires">How long after its start a window is kept (at least <paramref name="size"/>), or null for ever.</param>
    /// <exception cref="ArgumentException">A duration is out of range.</exception>
    public static Window Tumbling(TimeSpan size, TimeSpan? expires = null) => new(WindowKind.Tumbling, size, null, expires);

    /// <summary>Hopping windows of <paramref name="size"/> that start every <paramref name="step"/> (Faust's <c>hopping(size, step, expires)</c>).</summary>
    /// <param name="size">The windows' length: a whole number of milliseconds, 1 or more.</param>
    /// <param name="step">How far apart windows start: 1 ms or more, at most <paramref name="size"/>, and at least a
    /// thousandth of it (<see cref="MaxWindowsPerEvent"/>).</param>
    /// <param name="expires">How long after its start a window is kept (at least <paramref name="size"/>), or null for ever.</param>
    /// <exception cref="ArgumentException">A duration is out of range.</exception>
    public static Window Hopping(TimeSpan size, TimeSpan step, TimeSpan? expires = null) => new(WindowKind.Hopping, size, step, expires);

    /// <summary>Sliding windows: around each multiple of <paramref name="step"/>, the events within <paramref name="size"/> of it
    /// (Faust's <c>sliding</c>, whose window around an event at <c>t</c> is <c>[t − size, t + size]</c>).</summary>
    /// <param name="size">How far a window reaches on each side of its centre: 1 ms or more.</param>
    /// <param name="step">The resolution: windows are centred on its multiples (default: one second, or the size when that is
    /// smaller). Windows are exact for events whose times are multiples of it.</param>
    /// <param name="expires">How long after its start a window is kept (at least twice <paramref name="size"/>), or null for ever.</param>
    /// <exception cref="ArgumentException">A duration is out of range.</exception>
    public static Window Sliding(TimeSpan size, TimeSpan? step = null, TimeSpan? expires = null) => new(WindowKind.Sliding, size, step, expires);

    /// <summary>Every window that contains <paramref name="time"/>, earliest first.</summary>
    public IReadOnlyList<WindowRange> Ranges(DateTimeOffset time)
    {
        var (first, last) = Starts(time.ToUnixTimeMilliseconds());
        var ranges = new List<WindowRange>((int)((last - first) / StepMs) + 1);
        for (var start = first; start <= last; start += StepMs)
        {
            ranges.Add(RangeAt(start));
        }

        return ranges;
    }

    /// <summary>The window <paramref name="time"/> is read in: the tumbling window that contains it, the latest hopping
    /// window that contains it, or the sliding window centred nearest to it.</summary>
    public WindowRange Current(DateTimeOffset time) => RangeAt(CurrentStart(time.ToUnixTimeMilliseconds()));

    /// <summary>Whether <paramref name="window"/> has expired when its partition's time is <paramref name="time"/>.</summary>
    public bool IsExpired(WindowRange window, DateTimeOffset time) =>
        HasExpiry && time.ToUnixTimeMilliseconds() >= window.Start.ToUnixTimeMilliseconds() + ExpiresMs;

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        WindowKind.Tumbling => $"tumbling({Size}, expires {Expires?.ToString() ?? "never"})",
        _ => $"{Kind.ToString().ToLowerInvariant()}({Size}, step {Step}, expires {Expires?.ToString() ?? "never"})",
    };

    /// <summary>The starts of the first and the last window containing <paramref name="time"/>; the others are a step apart.</summary>
    internal (long First, long Last) Starts(long time)
    {
        // A window starting at s contains time when s <= time < s + length, so starts run over (time - length, time].
        var last = FloorDiv(time - OriginMs, StepMs) * StepMs + OriginMs;
        var first = FloorDiv(time - LengthMs - OriginMs, StepMs) * StepMs + StepMs + OriginMs;
        return (first, last);
    }

    /// <summary>The start of the window <paramref name="time"/> is read in (see <see cref="Current"/>).</summary>
    internal long CurrentStart(long time)
    {
        if (Kind != WindowKind.Sliding)
        {
            return Starts(time).Last;
        }

        // The centre nearest to time; it is within half a step of it, so (step <= size) its window contains time.
        var centre = FloorDiv(time + StepMs / 2, StepMs) * StepMs;
        return centre - SizeMs;
    }

    internal WindowRange RangeAt(long start) =>
        new(DateTimeOffset.FromUnixTimeMilliseconds(start), DateTimeOffset.FromUnixTimeMilliseconds(start + LengthMs));

    private static long Milliseconds(TimeSpan duration, string name)
    {
        var milliseconds = duration.Ticks / TimeSpan.TicksPerMillisecond;
        if (milliseconds < 1 || duration.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentOutOfRangeException(name, duration, "A window duration must be a whole number of milliseconds, 1 or more.");
        }

        return milliseconds;
    }

    private static long FloorDiv(long dividend, long divisor)
    {
        var quotient = dividend / divisor;
        return (dividend % divisor != 0 && (dividend < 0) != (divisor < 0)) ? quotient - 1 : quotient;
    }

    private static long FloorMod(long dividend, long divisor) => dividend - FloorDiv(dividend, divisor) * divisor;
}
