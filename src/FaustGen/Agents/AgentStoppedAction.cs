namespace FaustGen;

/// <summary>What the app does when one of its agents stops on an error (policy <see cref="AgentErrorPolicy.Stop"/>, a
/// dead-letter topic that refused the event, or a fault of the runtime): the stopped agent acknowledges nothing more,
/// so the offsets of its partitions stop being committed.</summary>
public enum AgentStoppedAction
{
    /// <summary>The app stops and ends <see cref="AppState.Failed"/> (<see cref="App.Completion"/> faults naming the
    /// agent), for its supervisor to restart the worker: the partitions' next owner processes the event again.</summary>
    FailApp,

    /// <summary>The app keeps running without the agent, which is reported: <see cref="App.IsLive"/> turns false (the
    /// live health checks fail), the <c>faustgen.agents.stopped</c> gauge counts it, and the dashboard shows it.</summary>
    KeepRunning,
}
