namespace FaustGen;

/// <summary>How an agent runs.</summary>
public sealed record AgentOptions
{
    /// <summary>How many copies of the agent process its events concurrently. Default 1.</summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>What happens to an event whose processing throws. Default <see cref="AgentErrorPolicy.Skip"/>.</summary>
    public AgentErrorPolicy OnError { get; init; } = AgentErrorPolicy.Skip;

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
