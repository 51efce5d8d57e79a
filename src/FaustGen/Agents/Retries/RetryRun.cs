using FaustGen.Processing;
using FaustGen.Transport;
using Polly;

namespace FaustGen;

/// <summary>
/// An event retried in place. Polly's retry strategy runs the attempts: it waits its backoff, off the actors and off the
/// poll thread, and each attempt hands the event back to the agent's actors and waits for what it came to, so the agent's
/// own code still runs on its actors, one event at a time. A revocation of the partition or the agent's stop cancels the
/// wait; the event is then left unacknowledged, to be processed again by the partition's next owner.
/// </summary>
internal sealed class RetryRun(PartitionHolds holds, PartitionHold hold, ConsumedRecord record, EventHandle handle, Exception firstError, int maxAttempts)
    : HoldRun(holds, hold)
{
    private readonly Lock gate = new();
    private Exception? pendingError = firstError;
    private int attempt = 1;
    private TaskCompletionSource<Exception?>? report;

    public async Task RunAsync(ResiliencePipeline<bool> pipeline, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(static (context, run) => run.AttemptAsync(context.CancellationToken), context, this).ConfigureAwait(false);
            if (outcome.Exception is OperationCanceledException)
            {
                Holds.Abandon(Hold);
            }
            else if (outcome.Exception is not null)
            {
                // Polly gave up before the actors did (they count the same attempts): the event goes where spent retries go.
                Holds.MakeReady(new HeldEvent(Hold.Partition, record, handle with { Hold = this }, attempt, GivenUp: true));
            }
            else
            {
                Holds.Release(Hold);
            }
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The attempt failed again: true when another attempt in place follows (after Polly's next delay).</summary>
    public override bool Retry(Exception error)
    {
        lock (gate)
        {
            if (attempt >= maxAttempts || report is null)
            {
                return false;
            }

            Hold.Partition.AddWaiting(1);
            report.TrySetResult(error);
            return true;
        }
    }

    protected override void OnSettled()
    {
        lock (gate)
        {
            // While Polly waits for an attempt, it learns that the event is settled and ends: RunAsync releases the partition.
            if (report is { } waiting && waiting.TrySetResult(null))
            {
                return;
            }
        }

        base.OnSettled();
    }

    private async ValueTask<Outcome<bool>> AttemptAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<Exception?> next;
        lock (gate)
        {
            if (pendingError is { } first)
            {
                // Polly's first call: that attempt was made by the actor that failed it.
                pendingError = null;
                return Outcome.FromException<bool>(first);
            }

            attempt++;
            next = report = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        using var registration = cancellationToken.Register(static state => ((TaskCompletionSource<Exception?>)state!).TrySetCanceled(), next);
        Holds.MakeReady(new HeldEvent(Hold.Partition, record, handle with { Hold = this }, attempt, GivenUp: false));
        var error = await next.Task.ConfigureAwait(false);
        return error is null ? Outcome.FromResult(true) : Outcome.FromException<bool>(error);
    }
}
