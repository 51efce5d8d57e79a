using FaustGen.Processing;

namespace FaustGen;

/// <summary>What the app's agents share about failures: the app's middlewares, retry settings and error handlers, and
/// its lifecycle hooks (all declared in <see cref="Define"/>).</summary>
public abstract partial class App
{
    private readonly List<AgentMiddleware> middlewares = [];

    /// <summary>The middlewares every agent of the app runs, before its own.</summary>
    internal IReadOnlyList<AgentMiddleware> Middlewares => middlewares;

    /// <summary>The retry settings of agents that have none of their own, or null.</summary>
    internal RetryOptions? DefaultRetry { get; set; }

    /// <summary>The error handler of agents that have none of their own, or null.</summary>
    internal ProcessingErrorHandler? ProcessingErrorHandler { get; set; }

    /// <summary>The deserialization error handler of agents that have none of their own, or null.</summary>
    internal DeserializationErrorHandler? DeserializationErrorHandler { get; set; }

    /// <summary>What decides about sends the broker did not take, or null (they fail).</summary>
    internal ProductionErrorHandler? ProductionErrorHandler { get; set; }

    /// <summary>The app's lifecycle hooks.</summary>
    internal LifecycleHooks Hooks { get; } = new();

    internal void AddMiddleware(AgentMiddleware middleware)
    {
        ThrowIfStarted();
        middlewares.Add(middleware);
    }
}
