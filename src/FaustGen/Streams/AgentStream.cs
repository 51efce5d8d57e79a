using System.Runtime.CompilerServices;
using FaustGen.Codecs;
using FaustGen.Processing;

namespace FaustGen;

/// <summary>
/// The stream an agent's actor reads: a view (filter, acknowledgement mode) over the actor's
/// <see cref="StreamSource{TKey, TValue}"/>.
/// </summary>
internal sealed class AgentStream<TKey, TValue>(StreamSource<TKey, TValue> source, Func<TValue, bool>? filter = null, bool manualAck = false)
    : IAgentStream<TKey, TValue>
{
    public string TopicName => source.Topic.Name;

    internal StreamSource<TKey, TValue> Source => source;

    public IAgentStream<TKey, TValue> Where(Func<TValue, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new AgentStream<TKey, TValue>(source, filter is null ? predicate : v => filter(v) && predicate(v), manualAck);
    }

    IAgentStream<TValue> IAgentStream<TValue>.Where(Func<TValue, bool> predicate) => Where(predicate);

    public IAgentStream<TKey, TValue> NoAck() => new AgentStream<TKey, TValue>(source, filter, manualAck: true);

    public void Ack(in Event<TKey, TValue> e) => source.AckManual(e.Handle);

    public async IAsyncEnumerator<TValue> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        using var linked = Link(cancellationToken);
        var token = linked?.Token ?? source.Stop;
        while (await source.NextAsync(filter, readKey: false, Mode, token).ConfigureAwait(false))
        {
            yield return source.CurrentValue;
        }
    }

    public async IAsyncEnumerable<(TKey Key, TValue Value)> Items([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var linked = Link(cancellationToken);
        var token = linked?.Token ?? source.Stop;
        while (await source.NextAsync(filter, readKey: true, Mode, token).ConfigureAwait(false))
        {
            yield return (source.CurrentKey, source.CurrentValue);
        }
    }

    public async IAsyncEnumerable<Event<TKey, TValue>> Events([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var linked = Link(cancellationToken);
        var token = linked?.Token ?? source.Stop;
        while (await source.NextAsync(filter, readKey: true, Mode, token).ConfigureAwait(false))
        {
            yield return source.CurrentEvent;
        }
    }

    public async IAsyncEnumerable<(long Index, TValue Value)> Enumerate([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var linked = Link(cancellationToken);
        var token = linked?.Token ?? source.Stop;
        var index = 0L;
        while (await source.NextAsync(filter, readKey: false, Mode, token).ConfigureAwait(false))
        {
            yield return (index++, source.CurrentValue);
        }
    }

    public async IAsyncEnumerable<IReadOnlyList<TValue>> Take(int max, TimeSpan within, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(within, TimeSpan.Zero);
        using var linked = Link(cancellationToken);
        var token = linked?.Token ?? source.Stop;
        while (true)
        {
            // The previous group was handled: its events are acknowledged now.
            source.SettleCurrent();
            source.AckHeld();
            if (!await source.NextAsync(filter, readKey: false, Acking.Held, token).ConfigureAwait(false))
            {
                yield break;
            }

            var group = new List<TValue>(max) { source.CurrentValue };
            using (var window = CancellationTokenSource.CreateLinkedTokenSource(token))
            {
                window.CancelAfter(within);
                while (group.Count < max)
                {
                    try
                    {
                        if (!await source.NextAsync(filter, readKey: false, Acking.Held, window.Token).ConfigureAwait(false))
                        {
                            break;
                        }
                    }
                    catch (OperationCanceledException) when (!token.IsCancellationRequested)
                    {
                        break;
                    }

                    group.Add(source.CurrentValue);
                }
            }

            // The group's last event stays current while the group is handled, so tables can be changed then
            // (on that event's partition); it is acknowledged with the rest of the group.
            yield return group;
        }
    }

    public IAgentStream<TNewKey, TValue> GroupBy<TNewKey>(Func<TValue, TNewKey> key, string name, Codec? keySerializer = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var target = source.Runner.App.RepartitionTopic<TNewKey, TValue>(name, keySerializer, source.Topic.Options.ValueSerializer);
        return Forward(target, readKey: false, s => key(s.CurrentValue));
    }

    public IAgentStream<TKey, TValue> Through(Topic<TKey, TValue> topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        return Forward(topic, readKey: true, s => s.CurrentKey);
    }

    private Acking Mode => manualAck ? Acking.Manual : Acking.OnNext;

    private CancellationTokenSource? Link(CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, source.Stop) : null;

    /// <summary>
    /// Sends this stream's events to <paramref name="target"/> (from a forwarder beside the actor, the first time
    /// this actor derives into that topic) and returns the actor's stream over <paramref name="target"/>.
    /// </summary>
    private AgentStream<TNewKey, TValue> Forward<TNewKey>(Topic<TNewKey, TValue> target, bool readKey, Func<StreamSource<TKey, TValue>, TNewKey> keyOf)
    {
        var actor = source.Actor;
        var forwarding = source;
        var cursor = actor.Derive(target.Name, () =>
        {
            forwarding.Context = new EventContext(actor.Runner);
            actor.Runner.RunBeside(() => ForwardAsync(forwarding, target, readKey, keyOf, filter));
        });
        return new AgentStream<TNewKey, TValue>(new StreamSource<TNewKey, TValue>(actor, cursor, target, source.Stop));
    }

    private static async Task ForwardAsync<TNewKey>(
        StreamSource<TKey, TValue> from, Topic<TNewKey, TValue> target, bool readKey, Func<StreamSource<TKey, TValue>, TNewKey> keyOf, Func<TValue, bool>? filter)
    {
        from.Context.Enter();
        while (true)
        {
            try
            {
                // Queued sends are flushed before every commit, so acknowledging once queued keeps at-least-once.
                while (await from.NextAsync(filter, readKey, Acking.OnNext, from.Stop).ConfigureAwait(false))
                {
                    target.SendSoon(keyOf(from), from.CurrentValue, headers: from.Cursor.Record.Headers);
                }

                from.SettleCurrent();
                return;
            }
            catch (Exception ex) when (!from.Stop.IsCancellationRequested)
            {
                if (await from.FailAsync(ex).ConfigureAwait(false) != true)
                {
                    return;
                }
            }
        }
    }
}
