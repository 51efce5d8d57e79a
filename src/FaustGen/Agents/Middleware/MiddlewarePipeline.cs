namespace FaustGen;

/// <summary>
/// The middlewares of one agent, in order: the built-in ones (tracing, metrics, the error policy, retries, the error
/// handlers), then the app's, then the agent's. Before an event they run first to last, on an error and after it last to
/// first. Built once when the agent is declared; running it allocates nothing.
/// </summary>
internal sealed class MiddlewarePipeline
{
    // Only the middlewares that look at every event: the others are asked about errors alone.
    private readonly AgentMiddleware[] observers;
    private readonly AgentMiddleware[] all;

    public MiddlewarePipeline(IReadOnlyList<AgentMiddleware> middlewares)
    {
        all = [.. middlewares];
        observers = [.. middlewares.Where(m => m.ObservesEvents)];
    }

    /// <summary>Runs each middleware's <see cref="AgentMiddleware.OnEventAsync"/>; false when one short-circuited the event.
    /// <see cref="AgentEvent.Entered"/> counts those that ran. A middleware that throws fails the event.</summary>
    public ValueTask<bool> BeginAsync(AgentEvent e)
    {
        var list = observers;
        for (var i = 0; i < list.Length; i++)
        {
            var step = list[i].OnEventAsync(e);
            if (!step.IsCompletedSuccessfully)
            {
                return BeginSlowAsync(e, i, step);
            }

            e.Entered = i + 1;
            if (!step.Result)
            {
                return new(false);
            }
        }

        return new(true);
    }

    /// <summary>What to do with an event that failed with <paramref name="error"/>: the first decision, asking the
    /// middlewares last to first (the error policy, built in, always decides).</summary>
    public async ValueTask<ErrorAction> DecideAsync(AgentEvent e, Exception error)
    {
        e.Error = error;
        for (var i = all.Length - 1; i >= 0; i--)
        {
            if (await all[i].OnErrorAsync(e, error).ConfigureAwait(false) is { } action)
            {
                return action;
            }
        }

        return ErrorAction.Skip;
    }

    /// <summary>Tells the middlewares that ran before the attempt how it ended, last to first. One that throws is reported
    /// to <paramref name="onFault"/> and the others are still told.</summary>
    public void Complete(AgentEvent e, EventOutcome outcome, Action<Exception> onFault)
    {
        var list = observers;
        for (var i = e.Entered - 1; i >= 0; i--)
        {
            try
            {
                list[i].OnCompleted(e, outcome);
            }
            catch (Exception ex)
            {
                onFault(ex);
            }
        }

        e.Entered = 0;
    }

    private async ValueTask<bool> BeginSlowAsync(AgentEvent e, int index, ValueTask<bool> pending)
    {
        var list = observers;
        for (var i = index; i < list.Length; i++)
        {
            var goOn = i == index ? await pending.ConfigureAwait(false) : await list[i].OnEventAsync(e).ConfigureAwait(false);
            e.Entered = i + 1;
            if (!goOn)
            {
                return false;
            }
        }

        return true;
    }
}
