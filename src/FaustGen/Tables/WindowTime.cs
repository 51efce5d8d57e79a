using FaustGen.Processing;

namespace FaustGen;

/// <summary>
/// Which time a windowed table files an event under (Faust's <c>relative_to_stream</c>, <c>relative_to_now</c> and
/// <c>relative_to_field</c>): the event's timestamp (the default), the clock when it is processed, or a field of its value.
/// </summary>
public abstract class WindowTime
{
    private protected WindowTime()
    {
    }

    /// <summary>The timestamp of the event's message (Faust's <c>relative_to_stream</c>, the default).</summary>
    public static WindowTime Event { get; } = new EventTime();

    /// <summary>The table's clock when the event is processed (Faust's <c>relative_to_now</c>).</summary>
    public static WindowTime Now { get; } = new NowTime();

    /// <summary>A time read from the value of the event being processed (Faust's <c>relative_to_field</c>); the
    /// agents that write the table must read values of type <typeparamref name="TEvent"/>.</summary>
    /// <param name="selector">Reads the time from an event's value.</param>
    public static WindowTime Field<TEvent>(Func<TEvent, DateTimeOffset> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return new FieldTime<TEvent>(selector);
    }

    /// <summary>Whether the time needs an event being processed (every kind but <see cref="Now"/>).</summary>
    internal abstract bool NeedsEvent { get; }

    /// <summary>The time, in milliseconds since the Unix epoch, of the event <paramref name="context"/> processes
    /// (null only when <see cref="NeedsEvent"/> is false).</summary>
    internal abstract long Of(EventContext? context, TimeProvider clock, string table);

    private sealed class EventTime : WindowTime
    {
        internal override bool NeedsEvent => true;

        internal override long Of(EventContext? context, TimeProvider clock, string table) => context!.Timestamp.ToUnixTimeMilliseconds();

        public override string ToString() => "event";
    }

    private sealed class NowTime : WindowTime
    {
        internal override bool NeedsEvent => false;

        internal override long Of(EventContext? context, TimeProvider clock, string table) => clock.GetUtcNow().ToUnixTimeMilliseconds();

        public override string ToString() => "now";
    }

    private sealed class FieldTime<TEvent>(Func<TEvent, DateTimeOffset> selector) : WindowTime
    {
        internal override bool NeedsEvent => true;

        internal override long Of(EventContext? context, TimeProvider clock, string table) =>
            context!.TryGetValue<TEvent>(out var value)
                ? selector(value).ToUnixTimeMilliseconds()
                : throw new InvalidOperationException(
                    $"Windowed table '{table}' takes its time from a field of {typeof(TEvent).Name} values, but agent '{context.Agent.Name}' " +
                    $"processes values of another type. Write the table from agents that read {typeof(TEvent).Name} values.");

        public override string ToString() => "field of " + typeof(TEvent).Name;
    }
}
