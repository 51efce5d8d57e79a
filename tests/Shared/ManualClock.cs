namespace FaustGen.TestSupport;

/// <summary>A clock a test moves by hand, for windowed tables that read theirs. Linked into the test projects that need it.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long ticks = start.UtcTicks;

    public void Set(DateTimeOffset time) => Interlocked.Exchange(ref ticks, time.UtcTicks);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);
}
