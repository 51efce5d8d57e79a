using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace FaustGen.Web;

/// <summary>
/// What a request for a windowed table's key asks for, from its query string: <c>at</c>, the time whose window is
/// the current one (now by the table's clock unless given); <c>from</c> and <c>to</c>, which windows to list (those
/// that start at or after <c>from</c> and before <c>to</c>; every one when neither is given). Times are ISO-8601
/// (<c>2026-11-03T10:00:00Z</c>) or milliseconds since the Unix epoch (<c>1793700000000</c>).
/// </summary>
/// <param name="At">The time whose window is current, or null for now.</param>
/// <param name="From">The earliest window start listed, or null.</param>
/// <param name="To">The window start from which on none is listed, or null.</param>
internal sealed record WindowQuery(DateTimeOffset? At, DateTimeOffset? From, DateTimeOffset? To)
{
    /// <summary>The parameters, in the order errors are looked for.</summary>
    public static readonly string[] Parameters = ["at", "from", "to"];

    /// <summary>Whether <c>from</c> or <c>to</c> narrows the windows listed.</summary>
    public bool HasRange => From is not null || To is not null;

    /// <summary>The first of <see cref="Parameters"/> that <paramref name="query"/> has, or null.</summary>
    public static string? FirstGiven(IQueryCollection query) => Parameters.FirstOrDefault(query.ContainsKey);

    /// <summary>Reads <paramref name="query"/>; returns null with <paramref name="error"/> naming the parameter that is wrong.</summary>
    public static WindowQuery? Read(IQueryCollection query, out string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        var times = new DateTimeOffset?[Parameters.Length];
        for (var i = 0; i < Parameters.Length; i++)
        {
            if (!TryReadTime(query, Parameters[i], out times[i], out error))
            {
                return null;
            }
        }

        var read = new WindowQuery(times[0], times[1], times[2]);
        if (read is { From: { } from, To: { } to } && to <= from)
        {
            error = $"Query parameter 'to' ({to:O}) is not after 'from' ({from:O}): windows are listed that start at or after 'from' and before 'to'.";
            return null;
        }

        error = null;
        return read;
    }

    private static bool TryReadTime(IQueryCollection query, string name, out DateTimeOffset? time, out string? error)
    {
        time = null;
        error = null;
        if (!query.TryGetValue(name, out var values))
        {
            return true;
        }

        if (values.Count != 1)
        {
            error = $"Query parameter '{name}' is given {values.Count} times; give it once.";
            return false;
        }

        var text = values[0] ?? string.Empty;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var milliseconds))
        {
            if (milliseconds >= DateTimeOffset.MinValue.ToUnixTimeMilliseconds() && milliseconds <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
            {
                time = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
                return true;
            }
        }
        else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        // A '+' in a query string is a space once decoded, so an offset such as +02:00 arrives as " 02:00".
        error = $"Query parameter '{name}' is '{text}', not a time: give an ISO-8601 time (2026-11-03T10:00:00Z) or milliseconds since the Unix epoch (1793700000000)." +
            (text.Contains(' ', StringComparison.Ordinal) ? " A '+' in a URL's query reads as a space: write it %2B, or give the time in UTC with Z." : string.Empty);
        return false;
    }
}
