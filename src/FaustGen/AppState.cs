namespace FaustGen;

/// <summary>Where an app is in its life.</summary>
public enum AppState
{
    /// <summary>Created; settings can change.</summary>
    Created,

    /// <summary>Starting.</summary>
    Starting,

    /// <summary>Running.</summary>
    Running,

    /// <summary>Stopping.</summary>
    Stopping,

    /// <summary>Stopped.</summary>
    Stopped,

    /// <summary>Failed to start, or stopped by itself on a failure it could not recover from (see <see cref="App.Completion"/>).</summary>
    Failed,
}
