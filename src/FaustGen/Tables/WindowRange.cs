namespace FaustGen;

/// <summary>A window of time: it includes <see cref="Start"/> and excludes <see cref="End"/>.</summary>
/// <param name="Start">The first instant in the window.</param>
/// <param name="End">The first instant after the window.</param>
public readonly record struct WindowRange(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>Whether <paramref name="time"/> is in the window.</summary>
    public bool Contains(DateTimeOffset time) => time >= Start && time < End;

    /// <inheritdoc/>
    public override string ToString() => $"[{Start:O}, {End:O})";
}

/// <summary>A key of a windowed table in one of its windows: what the table's store and changelog are keyed by.</summary>
/// <typeparam name="TKey">The table's key type.</typeparam>
/// <param name="Key">The key.</param>
/// <param name="Window">The window.</param>
public readonly record struct Windowed<TKey>(TKey Key, WindowRange Window)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Key} {Window}";
}
