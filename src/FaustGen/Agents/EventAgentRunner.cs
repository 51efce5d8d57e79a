using FaustGen.Processing;

namespace FaustGen;

/// <summary>Runs a per-event agent: the middlewares, decode, call the handler, acknowledge.</summary>
/// <remarks>
/// The loop stays synchronous while records are at hand and the middlewares and handlers complete synchronously, so
/// steady-state dispatch allocates nothing and pays for no async machinery per event.
/// </remarks>
internal sealed class EventAgentRunner<TKey, TValue>(App app, string name, Topic<TKey, TValue> topic, AgentOptions options, AgentEventHandler<TKey, TValue> handler)
    : AgentRunner(app, name, topic, options)
{
    protected override void DeclareRetryTopic(string name) => DeclareRetryTopic(name, topic);

    protected override async Task RunActorAsync(Actor actor, CancellationToken stop)
    {
        var cursor = actor.Cursor;
        var context = actor.Context;
        var e = context.Event;
        e.CancellationToken = stop;
        var pipeline = Pipeline;
        var readsKey = Options.ReadsKey;
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
            context.Begin(cursor);
            Exception? error = null;
            var outcome = EventOutcome.Processed;
            try
            {
                // Decoded first, so that middlewares see the key and value; one that does not decode fails the event after
                // them, so that they see that too.
                TKey key = default!;
                TValue value = default!;
                Exception? undecodable = null;
                try
                {
                    if (readsKey)
                    {
                        key = DecodePart(topic.KeyCodec, record, record.Key, "key");
                        context.SetKey(key);
                    }

                    value = DecodePart(topic.ValueCodec, record, record.Value, "value");
                    context.SetValue(value);
                }
                catch (Exception ex)
                {
                    undecodable = ex;
                }

                var begin = pipeline.BeginAsync(e);
                if (begin.IsCompletedSuccessfully ? begin.Result : await begin.ConfigureAwait(false))
                {
                    if (undecodable is not null)
                    {
                        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(undecodable);
                    }

                    var pending = handler(new Event<TKey, TValue>(key, value, record, handle), stop);
                    if (!pending.IsCompletedSuccessfully)
                    {
                        await pending.ConfigureAwait(false);
                    }
                }
                else
                {
                    outcome = EventOutcome.ShortCircuited;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopping: the event is not acknowledged and will be processed again.
                Complete(context, EventOutcome.Abandoned);
                context.End();
                throw;
            }
            catch (Exception ex)
            {
                error = ex;
            }

            if (error is null)
            {
                context.Ack(handle);
                context.CountProcessed();
                Complete(context, outcome);
                context.End();
            }
            else
            {
                var goOn = await OnErrorAsync(error, context).ConfigureAwait(false);
                context.End();
                if (!goOn)
                {
                    return;
                }
            }
        }
    }
}
