using System.Runtime.CompilerServices;
using FaustGen.Processing;

namespace FaustGen;

/// <summary>Runs a per-event agent: decode, call the handler, acknowledge.</summary>
internal sealed class EventAgentRunner<TKey, TValue>(App app, string name, Topic<TKey, TValue> topic, AgentOptions options, AgentEventHandler<TKey, TValue> handler)
    : AgentRunner(app, name, topic, options)
{
    protected override async Task RunActorAsync(Actor actor, CancellationToken stop)
    {
        while (await actor.Cursor.MoveNextAsync(stop).ConfigureAwait(false))
        {
            if (!await ProcessAsync(actor.Context, actor.Cursor, stop).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ProcessAsync(EventContext context, InboxCursor cursor, CancellationToken stop)
    {
        var record = cursor.Record;
        context.Begin(record, cursor.Handle);
        try
        {
            var e = new Event<TKey, TValue>(
                Options.ReadsKey ? DecodePart(topic.KeyCodec, record, record.Key, "key") : default!,
                DecodePart(topic.ValueCodec, record, record.Value, "value"),
                record,
                cursor.Handle);
            await handler(e, stop).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && stop.IsCancellationRequested))
        {
            return await OnErrorAsync(ex, context, record, cursor.Handle).ConfigureAwait(false);
        }
        finally
        {
            context.End();
        }

        context.Ack(cursor.Handle);
        CountProcessed();
        return true;
    }
}
