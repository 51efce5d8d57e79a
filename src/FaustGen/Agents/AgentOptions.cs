namespace FaustGen;

/// <summary>How an agent runs.</summary>
public sealed record AgentOptions
{
    /// <summary>How many copies of the agent process its events concurrently. Default 1.</summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>What happens to an event whose processing throws, when no handler, middleware or retry setting decides
    /// otherwise (the shorthand of an error handler). Default <see cref="AgentErrorPolicy.Skip"/>.</summary>
    public AgentErrorPolicy OnError { get; init; } = AgentErrorPolicy.Skip;

    /// <summary>How the agent retries failed events, or null for the app's settings (<see cref="AppDefinition.Retry"/>);
    /// with neither, failed events are not retried unless a handler or middleware says <see cref="ErrorAction.Retry"/>,
    /// and then with <see cref="RetryOptions"/>' defaults.</summary>
    public RetryOptions? Retry { get; init; }

    /// <summary>Decides about each failed event before the retry settings and <see cref="OnError"/>, or null for the app's.</summary>
    public ProcessingErrorHandler? OnProcessingError { get; init; }

    /// <summary>Decides about each event that did not decode, or null for the app's.</summary>
    public DeserializationErrorHandler? OnDeserializationError { get; init; }

    /// <summary>The agent's own middlewares, run after the app's (see <see cref="AgentMiddleware"/>).</summary>
    public IReadOnlyList<AgentMiddleware> Middlewares { get; init; } = [];

    /// <summary>The dead-letter topic, or null for <c>{app-id}-{agent}-dead-letter</c>.</summary>
    public string? DeadLetterTopic { get; init; }

    /// <summary>Whether the agent reads keys. Per-event agents that take only the value leave keys undecoded.</summary>
    public bool ReadsKey { get; init; } = true;
}

/// <summary>Processes one event (the generated form of a per-event agent).</summary>
public delegate ValueTask AgentEventHandler<TKey, TValue>(Event<TKey, TValue> e, CancellationToken cancellationToken);

/// <summary>Processes a stream of events (the generated form of a stream agent).</summary>
public delegate Task AgentStreamHandler<TKey, TValue>(IAgentStream<TKey, TValue> stream, CancellationToken cancellationToken);

/// <summary>Processes a stream of events and yields results for the agent's sinks (the generated form of a yielding agent).</summary>
public delegate IAsyncEnumerable<TResult> AgentYieldHandler<TKey, TValue, TResult>(IAgentStream<TKey, TValue> stream, CancellationToken cancellationToken);
