using System.Diagnostics;
using FaustGen.Monitoring;
using FaustGen.Processing;

namespace FaustGen;

/// <summary>Runs a per-event agent: decode, call the handler, acknowledge.</summary>
/// <remarks>
/// The loop stays synchronous while records are at hand and handlers complete synchronously, so steady-state
/// dispatch allocates nothing and pays for no async machinery per event.
/// </remarks>
internal sealed class EventAgentRunner<TKey, TValue>(App app, string name, Topic<TKey, TValue> topic, AgentOptions options, AgentEventHandler<TKey, TValue> handler)
    : AgentRunner(app, name, topic, options)
{
    protected override async Task RunActorAsync(Actor actor, CancellationToken stop)
    {
        var cursor = actor.Cursor;
        var context = actor.Context;
        var readsKey = Options.ReadsKey;
        var duration = App.Settings.RecordEventDurations ? App.Metrics.EventDuration : null;
        var agent = new KeyValuePair<string, object?>("agent", Name);
        while (true)
        {
            if (!cursor.TryMoveNext())
            {
                if (!await cursor.MoveNextAsync(stop).ConfigureAwait(false))
                {
                    return;
                }
            }

            var record = cursor.Record;
            var handle = cursor.Handle;
            context.Begin(record, handle);
            var start = duration is { Enabled: true } ? Stopwatch.GetTimestamp() : 0;
            Exception? error = null;
            try
            {
                var key = readsKey ? DecodePart(topic.KeyCodec, record, record.Key, "key") : default!;
                var value = DecodePart(topic.ValueCodec, record, record.Value, "value");
                context.SetValue(value);
                var e = new Event<TKey, TValue>(key, value, record, handle);
                var pending = handler(e, stop);
                if (!pending.IsCompletedSuccessfully)
                {
                    await pending.ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && stop.IsCancellationRequested))
            {
                error = ex;
            }
            finally
            {
                context.End();
            }

            if (start != 0)
            {
                duration!.Record(AppMetrics.Since(start), agent);
            }

            if (error is null)
            {
                context.Ack(handle);
                context.CountProcessed();
            }
            else if (!await OnErrorAsync(error, context, record, handle).ConfigureAwait(false))
            {
                return;
            }
        }
    }
}
