using FaustGen.Codecs;
using FaustGen.Processing;
using FaustGen.Transport;

namespace FaustGen;

/// <summary>
/// A typed topic of an app: its name, how it is declared and how its keys and values are encoded; and the
/// ways to send to it (Faust's <c>send</c>, <c>send_many</c>, <c>send_soon</c> and <c>send_attached</c>).
/// </summary>
/// <typeparam name="TKey">The key's type.</typeparam>
/// <typeparam name="TValue">The value's type.</typeparam>
public class Topic<TKey, TValue> : ISink<TValue>, ITopic
{
    private ICodec<TKey>? keyCodec;
    private ICodec<TValue>? valueCodec;

    /// <summary>Creates a topic of <paramref name="app"/>; apps create topics through their definition.</summary>
    protected internal Topic(App app, string name, TopicOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        App = app;
        Name = name;
        Options = options;
    }

    /// <summary>The app the topic belongs to.</summary>
    public App App { get; }

    /// <summary>The topic's name in the broker.</summary>
    public string Name { get; }

    /// <summary>How the topic is declared.</summary>
    public TopicOptions Options { get; }

    /// <summary>The codec of keys (resolved when the app starts).</summary>
    public ICodec<TKey> KeyCodec => keyCodec ?? throw NotResolved();

    /// <summary>The codec of values (resolved when the app starts).</summary>
    public ICodec<TValue> ValueCodec => valueCodec ?? throw NotResolved();

    Type ITopic.KeyType => typeof(TKey);

    Type ITopic.ValueType => typeof(TValue);

    /// <summary>Sends a message and completes when the broker has it (Faust's <c>send</c>).</summary>
    /// <param name="key">The key; it chooses the partition unless <paramref name="partition"/> is given.</param>
    /// <param name="value">The value.</param>
    /// <param name="partition">A partition to write to, or null to let the key choose.</param>
    /// <param name="headers">Headers, or null.</param>
    /// <param name="cancellationToken">Cancels waiting for the broker.</param>
    /// <exception cref="DeliveryException">The broker did not take the message.</exception>
    public ValueTask<RecordMetadata> SendAsync(TKey key, TValue value, int? partition = null, MessageHeaders? headers = null, CancellationToken cancellationToken = default) =>
        WriteAsync(Encode(key, value, partition, headers), cancellationToken);

    /// <summary>Sends several messages and completes when the broker has them all (Faust's <c>send_many</c>).</summary>
    public async ValueTask<IReadOnlyList<RecordMetadata>> SendManyAsync(IEnumerable<KeyValuePair<TKey, TValue>> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var pending = messages.Select(m => WriteAsync(Encode(m.Key, m.Value, null, null), cancellationToken).AsTask()).ToArray();
        return await Task.WhenAll(pending).ConfigureAwait(false);
    }

    /// <summary>
    /// Queues a message without waiting (Faust's <c>send_soon</c>). A delivery failure is logged; the app
    /// flushes queued messages before it commits offsets, so a commit never covers a message still queued.
    /// </summary>
    public void SendSoon(TKey key, TValue value, int? partition = null, MessageHeaders? headers = null) =>
        WriteSoon(Encode(key, value, partition, headers));

    /// <summary>
    /// Sends a message when the event being processed is acknowledged (Faust's <c>send_attached</c>), so the
    /// message goes out only if the event was handled. Call it from an agent.
    /// </summary>
    /// <exception cref="InvalidOperationException">No agent is processing an event on this flow.</exception>
    public void SendAttached(TKey key, TValue value, int? partition = null, MessageHeaders? headers = null)
    {
        var context = EventContext.Current ?? throw new InvalidOperationException(
            $"SendAttached to topic '{Name}' needs an event being processed: call it from an agent.");
        context.Attach(this, Encode(key, value, partition, headers));
    }

    /// <summary>Sends <paramref name="value"/> with a default key (for agents' sinks).</summary>
    async ValueTask ISink<TValue>.SendAsync(TValue value, CancellationToken cancellationToken) =>
        await SendAsync(default!, value, null, null, cancellationToken).ConfigureAwait(false);

    /// <summary>Writes an encoded message and completes when it is written: to the broker, for a topic.</summary>
    private protected virtual ValueTask<RecordMetadata> WriteAsync(OutgoingMessage message, CancellationToken cancellationToken) =>
        App.Sender.SendAsync(message, cancellationToken);

    /// <summary>Writes an encoded message without waiting: queued for the broker, for a topic.</summary>
    private protected virtual void WriteSoon(in OutgoingMessage message) => App.Sender.SendSoon(message);

    void ITopic.WriteSoon(in OutgoingMessage message) => WriteSoon(message);

    /// <summary>Encodes a key and a value into a message for this topic.</summary>
    internal OutgoingMessage Encode(TKey key, TValue value, int? partition, MessageHeaders? headers) =>
        new(Name, partition, Payload.Encode(KeyCodec, key), Payload.Encode(ValueCodec, value), headers);

    /// <summary>A tombstone (null value) for <paramref name="key"/>: in a compacted topic it deletes the key.</summary>
    internal OutgoingMessage EncodeTombstone(TKey key, int? partition) =>
        new(Name, partition, Payload.Encode(KeyCodec, key), null);

    Monitoring.TopicView ITopic.CreateView() => new Monitoring.TopicView<TKey, TValue>(this);

    void ITopic.Resolve(App app)
    {
        // Precedence: the topic's codec, else the record type's [Record(Serializer)], else the app's default.
        keyCodec = app.Codecs.Get<TKey>(Options.KeySerializer, app.Settings.KeySerializer, new CodecTarget(Name, true, app.Settings));
        valueCodec = app.Codecs.Get<TValue>(Options.ValueSerializer, app.Settings.ValueSerializer, new CodecTarget(Name, false, app.Settings));
    }

    private InvalidOperationException NotResolved() =>
        new($"The codecs of topic '{Name}' are chosen when app '{App.Settings.Id}' starts; start the app first.");
}

/// <summary>What the app needs of a topic whatever its types.</summary>
internal interface ITopic
{
    string Name { get; }

    TopicOptions Options { get; }

    Type KeyType { get; }

    Type ValueType { get; }

    /// <summary>Resolves the topic's codecs against the app's settings and registry.</summary>
    void Resolve(App app);

    /// <summary>The topic seen without its types, for the command line (its codecs resolved).</summary>
    Monitoring.TopicView CreateView();

    /// <summary>Writes an encoded message without waiting.</summary>
    void WriteSoon(in OutgoingMessage message);
}
