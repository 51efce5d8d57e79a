namespace FaustGen;

/// <summary>Runs a yielding agent: every result is sent to each of the agent's sinks before the next event is read.</summary>
internal sealed class YieldingAgentRunner<TKey, TValue, TResult>(
    App app, string name, Topic<TKey, TValue> topic, AgentOptions options, AgentYieldHandler<TKey, TValue, TResult> handler, IReadOnlyList<ISink<TResult>> sinks)
    : StreamingAgentRunner<TKey, TValue>(app, name, topic, options)
{
    protected override async Task RunStreamAsync(IAgentStream<TKey, TValue> stream, CancellationToken stop)
    {
        await foreach (var result in handler(stream, stop).WithCancellation(stop).ConfigureAwait(false))
        {
            foreach (var sink in sinks)
            {
                await sink.SendAsync(result, stop).ConfigureAwait(false);
            }
        }
    }
}
