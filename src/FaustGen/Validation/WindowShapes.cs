// This file is compiled into the runtime, the generator and the analyzers, so a rule is written once
// (netstandard2.0-compatible C#: no newer BCL APIs).
using System.Globalization;

namespace FaustGen.Validation;

/// <summary>Which windows a windowed table can keep: sizes, steps and expiry in whole milliseconds.</summary>
internal static class WindowShapes
{
    /// <summary>The value of <c>WindowKind.Tumbling</c>.</summary>
    public const int Tumbling = 0;

    /// <summary>The value of <c>WindowKind.Hopping</c>.</summary>
    public const int Hopping = 1;

    /// <summary>The value of <c>WindowKind.Sliding</c>.</summary>
    public const int Sliding = 2;

    /// <summary>At most this many windows may contain one point of time: every write is a write to each.</summary>
    public const int MaxWindowsPerEvent = 1000;

    /// <summary>A sliding window's step when none is given (or its size, when that is smaller).</summary>
    public const long DefaultSlidingStepMs = 1000;

    /// <summary>How long a window lasts: its size, or twice its size for a sliding window (which reaches both ways).</summary>
    public static long LengthOf(int kind, long sizeMs) => kind == Sliding ? 2 * sizeMs : sizeMs;

    /// <summary>How far apart windows start, <paramref name="stepMs"/> being the step given (0 when none is).</summary>
    public static long StepOf(int kind, long sizeMs, long stepMs) =>
        kind == Tumbling ? sizeMs : stepMs > 0 ? stepMs : kind == Sliding ? Math.Min(DefaultSlidingStepMs, sizeMs) : 0;

    /// <summary>
    /// Why windows of <paramref name="kind"/> with these durations (0 for a step or an expiry not given; an expiry of 0
    /// keeps windows forever) cannot be kept, or null; <paramref name="argument"/> names what is at fault: <c>Window</c>,
    /// <c>Size</c>, <c>Step</c> or <c>Expires</c>, as the attribute calls them.
    /// </summary>
    public static string? Error(int kind, long sizeMs, long stepMs, long expiresMs, out string argument)
    {
        argument = "Window";
        if (kind is not (Tumbling or Hopping or Sliding))
        {
            return kind + " is not a WindowKind";
        }

        argument = "Size";
        if (sizeMs < 1)
        {
            return "the size must be 1 ms or more";
        }

        argument = "Step";
        if (stepMs < 0)
        {
            return "the step must not be negative";
        }

        if (kind == Tumbling && stepMs != 0)
        {
            return "a tumbling window has no step; windows that start every step are hopping windows";
        }

        if (kind == Hopping && stepMs == 0)
        {
            return "a hopping window needs a step";
        }

        var step = StepOf(kind, sizeMs, stepMs);
        var length = LengthOf(kind, sizeMs);
        if (step > sizeMs)
        {
            return "the step (" + Seconds(step) + ") must not exceed the size (" + Seconds(sizeMs) + ")";
        }

        var windows = (length + step - 1) / step;
        if (windows > MaxWindowsPerEvent)
        {
            return "a step of " + Seconds(step) + " puts every event into " + windows + " windows of " + Seconds(length) +
                "; at most " + MaxWindowsPerEvent + " are allowed, so make the step longer";
        }

        argument = "Expires";
        if (expiresMs < 0)
        {
            return "the expiry must not be negative";
        }

        if (expiresMs != 0 && expiresMs < length)
        {
            return "windows would expire (after " + Seconds(expiresMs) + ") before they end; keep them at least " + Seconds(length);
        }

        return null;
    }

    /// <summary>Why <paramref name="seconds"/> (a duration as attributes give it) is not a whole number of milliseconds, 0 or more, or null.</summary>
    public static string? MillisecondsError(double seconds, out long milliseconds)
    {
        milliseconds = 0;
        if (double.IsNaN(seconds) || double.IsInfinity(seconds) || seconds < 0 || seconds > long.MaxValue / 1000.0 / 4)
        {
            return "a duration must be a finite number of seconds, 0 or more";
        }

        var rounded = Math.Round(seconds * 1000);
        if (Math.Abs(seconds * 1000 - rounded) > 1e-6)
        {
            return "a window duration must be a whole number of milliseconds";
        }

        milliseconds = (long)rounded;
        return null;
    }

    /// <summary>Milliseconds as a message shows them, in seconds.</summary>
    public static string Seconds(long milliseconds) =>
        (milliseconds / 1000.0).ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
