using FaustGen.Codecs;

namespace FaustGen;

/// <summary>Called when a window of a key expires, with the value it ended with (Faust's <c>on_window_close</c>).</summary>
/// <param name="key">The key.</param>
/// <param name="window">The window that closed.</param>
/// <param name="value">The window's final value.</param>
public delegate void WindowClosedHandler<in TKey, in TValue>(TKey key, WindowRange window, TValue value);

/// <summary>How a windowed table is declared, beside its <see cref="Window"/>.</summary>
/// <typeparam name="TKey">The table's key type.</typeparam>
/// <typeparam name="TValue">The table's value type.</typeparam>
public sealed record WindowedTableOptions<TKey, TValue>
{
    /// <summary>The value a window reads as before anything was written to it (default: the type's default).</summary>
    public TValue Default { get; init; } = default!;

    /// <summary>Which time events are filed under: <see cref="WindowTime.Event"/> (the default), <see cref="WindowTime.Now"/>
    /// or <see cref="WindowTime.Field{TEvent}"/>.</summary>
    public WindowTime Time { get; init; } = WindowTime.Event;

    /// <summary>Called for each window that expires, while the agent whose event moved the partition's time past
    /// it processes that event (so it may send messages or change tables); null for nothing.</summary>
    public WindowClosedHandler<TKey, TValue>? OnWindowClose { get; init; }

    /// <summary>The clock that <see cref="WindowSet{TKey, TValue}.Now"/> and <see cref="WindowTime.Now"/> read (default: the system's).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The changelog's partition count, or null for the partition count of the app's source topics.</summary>
    public int? Partitions { get; init; }

    /// <summary>The codec for keys, or null for the app's <see cref="AppSettings.KeySerializer"/>; each changelog key is the
    /// key so encoded followed by its window.</summary>
    public Codec? KeySerializer { get; init; }

    /// <summary>The codec for values, or null for the app's <see cref="AppSettings.ValueSerializer"/>.</summary>
    public Codec? ValueSerializer { get; init; }

    /// <summary>A description shown by tools.</summary>
    public string? Help { get; init; }
}
