namespace FaustGen.Scheduling;

/// <summary>A timer or startup task of an app.</summary>
/// <param name="Name">Its name, for logs.</param>
/// <param name="Interval">How often a timer runs (zero for a startup task).</param>
/// <param name="OnLeader">Whether it runs only on the worker that leads the group.</param>
/// <param name="Callback">What it does.</param>
internal sealed record ScheduledWork(string Name, TimeSpan Interval, bool OnLeader, Func<CancellationToken, ValueTask> Callback);
