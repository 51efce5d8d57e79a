using Microsoft.Extensions.Logging;
using FaustGen.Processing;

namespace FaustGen;

/// <summary>
/// Runs an agent that reads a stream: calls the user's method with a stream and keeps it running. When the method throws,
/// the error policy settles the events it had in hand and the method is called again on a fresh stream that
/// goes on where the failed one stopped.
/// </summary>
internal abstract partial class StreamingAgentRunner<TKey, TValue>(App app, string name, Topic<TKey, TValue> topic, AgentOptions options)
    : AgentRunner(app, name, topic, options)
{
    protected override void DeclareRetryTopic(string name) => DeclareRetryTopic(name, topic);

    protected override async Task RunActorAsync(Actor actor, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var source = new StreamSource<TKey, TValue>(actor, actor.Cursor, topic, stop);
            var stream = App.StreamFor<TKey, TValue>(new AgentStream<TKey, TValue>(source));
            try
            {
                await RunStreamAsync(stream, stop).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && stop.IsCancellationRequested))
            {
                var goOn = await source.FailAsync(ex).ConfigureAwait(false) ?? await OnErrorOutsideEventAsync(ex, stop).ConfigureAwait(false);
                if (!goOn)
                {
                    return;
                }

                continue;
            }

            // The method returned: what it last read is done.
            source.SettleCurrent();
            if (!source.Completed && !stop.IsCancellationRequested)
            {
                LogReturned(Logger, Name);
            }

            return;
        }
    }

    /// <summary>Runs the user's method on <paramref name="stream"/>.</summary>
    protected abstract Task RunStreamAsync(IAgentStream<TKey, TValue> stream, CancellationToken stop);

    /// <summary>The method threw with no event in hand: log, and go on after a pause unless the policy is Stop.</summary>
    private async ValueTask<bool> OnErrorOutsideEventAsync(Exception error, CancellationToken stop)
    {
        LogFailedOutsideEvent(Logger, error, Name);
        if (Options.OnError == AgentErrorPolicy.Stop)
        {
            Crash(error);
            return false;
        }

        try
        {
            await Task.Delay(RestartDelay, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return true;
    }

    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(1);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} returned while its stream was still open; its actor stops")]
    private static partial void LogReturned(ILogger logger, string agent);

    [LoggerMessage(Level = LogLevel.Error, Message = "Agent {Agent} failed outside any event; it restarts in a second unless its policy is Stop")]
    private static partial void LogFailedOutsideEvent(ILogger logger, Exception error, string agent);
}

/// <summary>Runs a stream agent (<c>Task M(IAgentStream&lt;V&gt; stream)</c>).</summary>
internal sealed class StreamAgentRunner<TKey, TValue>(App app, string name, Topic<TKey, TValue> topic, AgentOptions options, AgentStreamHandler<TKey, TValue> handler)
    : StreamingAgentRunner<TKey, TValue>(app, name, topic, options)
{
    protected override Task RunStreamAsync(IAgentStream<TKey, TValue> stream, CancellationToken stop) => handler(stream, stop);
}
