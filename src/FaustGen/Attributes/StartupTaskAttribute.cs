namespace FaustGen;

/// <summary>
/// Marks a method of an <see cref="AppAttribute">[App]</see> class to run once when the app has started
/// (Faust's <c>@app.task</c>). Supported shapes: <c>void|ValueTask|Task M()</c>, optionally taking a
/// <see cref="CancellationToken"/> that is cancelled when the app stops.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class StartupTaskAttribute : Attribute
{
    /// <summary>When true, only the worker that is the group's leader runs the task.</summary>
    public bool OnLeader { get; set; }
}
