namespace FaustGen;

/// <summary>
/// Marks a method of an <see cref="AppAttribute">[App]</see> class to be called every
/// <paramref name="intervalSeconds"/> seconds while the app runs. Supported shapes:
/// <c>void|ValueTask|Task M()</c>, optionally taking a <see cref="CancellationToken"/>.
/// </summary>
/// <param name="intervalSeconds">Seconds between calls; must be a positive constant.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class TimerAttribute(double intervalSeconds) : Attribute
{
    /// <summary>Seconds between calls.</summary>
    public double IntervalSeconds { get; } = intervalSeconds;

    /// <summary>When true, only the worker that is the group's leader calls the timer.</summary>
    public bool OnLeader { get; set; }
}
