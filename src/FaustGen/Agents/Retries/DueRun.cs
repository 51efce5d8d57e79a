using FaustGen.Processing;
using FaustGen.Transport;

namespace FaustGen;

/// <summary>An event of a retry topic read before it is due: its partition is held until then, and the event is handed back
/// to the agent's actors when it is.</summary>
internal sealed class DueRun(PartitionHolds holds, PartitionHold hold) : HoldRun(holds, hold)
{
    public async Task RunAsync(ConsumedRecord record, EventHandle handle, TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Holds.Abandon(Hold);
            return;
        }

        Holds.MakeReady(new HeldEvent(Hold.Partition, record, handle with { Hold = this }, Attempt: 1, GivenUp: false));
    }
}
