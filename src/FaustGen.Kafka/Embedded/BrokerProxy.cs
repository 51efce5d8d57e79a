using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace FaustGen.Kafka.Embedded;

/// <summary>
/// Stands in front of one mock broker of a cluster started with transactions: clients connect here (the broker
/// advertises this address), requests and responses pass through, and the few that transactions change are read
/// and rewritten from the cluster's <see cref="TransactionLedger"/>: offsets committed in transactions are what
/// OffsetFetch returns, read_committed fetches stop at the last stable offset and list aborted transactions,
/// ListOffsets gives read_committed readers the last stable offset, and requests of fenced producers are refused.
/// It reads only the non-flexible versions of those requests, which the cluster caps them to.
/// </summary>
internal sealed class BrokerProxy : IDisposable
{
    /// <summary>The highest version of each request the proxy reads (the last before flexible encodings).</summary>
    internal static readonly (short ApiKey, short MaxVersion)[] Versions =
    [
        (Produce, 8), (Fetch, 11), (ListOffsets, 5), (OffsetFetch, 5), (InitProducerId, 1), (AddPartitionsToTxn, 1),
        (AddOffsetsToTxn, 1), (EndTxn, 1), (TxnOffsetCommit, 2),
    ];

    private const short Produce = 0;
    private const short Fetch = 1;
    private const short ListOffsets = 2;
    private const short OffsetFetch = 9;
    private const short InitProducerId = 22;
    private const short AddPartitionsToTxn = 24;
    private const short AddOffsetsToTxn = 25;
    private const short EndTxn = 26;
    private const short TxnOffsetCommit = 28;
    private const short InvalidProducerEpoch = 47;

    // A read_committed fetch whose records all lie past the last stable offset is answered this much later, so the
    // consumer does not fetch the same records again at once while the transaction stays open.
    private static readonly TimeSpan HeldFetchDelay = TimeSpan.FromMilliseconds(50);

    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint broker;
    private readonly TransactionLedger ledger;
    private readonly Func<string, bool> isolated;
    private readonly ConcurrentDictionary<Connection, byte> connections = new();
    private readonly CancellationTokenSource stopping = new();

    /// <param name="broker">Where the mock broker listens.</param>
    /// <param name="ledger">The cluster's transactions.</param>
    /// <param name="isolated">Whether a client id is cut off from the cluster.</param>
    public BrokerProxy(IPEndPoint broker, TransactionLedger ledger, Func<string, bool> isolated)
    {
        this.broker = broker;
        this.ledger = ledger;
        this.isolated = isolated;
        listener.Start();
        _ = AcceptAsync();
    }

    /// <summary>The port clients connect to.</summary>
    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Closes the connections of clients that are now isolated.</summary>
    public void CutIsolated()
    {
        foreach (var connection in connections.Keys)
        {
            if (connection.ClientId is { } id && isolated(id))
            {
                connection.Dispose();
            }
        }
    }

    public void Dispose()
    {
        stopping.Cancel();
        listener.Stop();
        foreach (var connection in connections.Keys)
        {
            connection.Dispose();
        }

        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var connection = new Connection(client);
        connections[connection] = 0;
        try
        {
            await connection.Upstream.ConnectAsync(broker, stopping.Token).ConfigureAwait(false);
            connection.Client.NoDelay = true;
            connection.Upstream.NoDelay = true;
            await Task.WhenAny(PumpRequestsAsync(connection), PumpResponsesAsync(connection)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // The client, the broker or the cluster went away.
        }
        finally
        {
            connections.TryRemove(connection, out _);
        }
    }

    private async Task PumpRequestsAsync(Connection connection)
    {
        var client = connection.Client.GetStream();
        var upstream = connection.Upstream.GetStream();
        while (await ReadFrameAsync(client).ConfigureAwait(false) is { } frame)
        {
            var apiKey = BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(4));
            var version = BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(6));
            var correlationId = BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(8));
            var reader = new WireReader(frame.AsSpan(4)) { Position = 8 };
            connection.ClientId ??= reader.String() ?? string.Empty;
            if (connection.ClientId.Length > 0 && isolated(connection.ClientId))
            {
                return;
            }

            if (Array.Exists(Versions, v => v.ApiKey == apiKey && version <= v.MaxVersion))
            {
                reader = new WireReader(frame.AsSpan(4)) { Position = 8 };
                reader.String();
                var (local, onResponse) = Read(apiKey, version, ref reader);
                if (local is not null)
                {
                    await connection.SendAsync(local.ToResponse(correlationId), stopping.Token).ConfigureAwait(false);
                    continue;
                }

                if (onResponse is not null)
                {
                    connection.Pending[correlationId] = onResponse;
                }
            }

            await upstream.WriteAsync(frame, stopping.Token).ConfigureAwait(false);
        }
    }

    private async Task PumpResponsesAsync(Connection connection)
    {
        var upstream = connection.Upstream.GetStream();
        while (await ReadFrameAsync(upstream).ConfigureAwait(false) is { } frame)
        {
            var correlationId = BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(4));
            if (connection.Pending.TryRemove(correlationId, out var onResponse))
            {
                var body = onResponse(frame.AsMemory(8));
                await body.Before.WaitAsync(stopping.Token).ConfigureAwait(false);

                if (body.Rewritten is { } rewritten)
                {
                    frame = rewritten.ToResponse(correlationId);
                }
            }

            await connection.SendAsync(frame, stopping.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Reads a request the ledger needs; returns either the answer to send instead of passing it on (a fenced
    /// producer's), or what to do with the broker's response (null when nothing).</summary>
    private (WireWriter? Local, Func<ReadOnlyMemory<byte>, Rewrite>? OnResponse) Read(short apiKey, short version, ref WireReader request)
    {
        switch (apiKey)
        {
            case Produce when version >= 3:
                return ReadProduce(version, ref request);
            case Fetch when version >= 4:
                request.Int32();
                request.Int32();
                request.Int32();
                request.Int32();
                return request.Int8() == 1 ? (null, body => RewriteFetch(version, body.Span)) : (null, null);
            case ListOffsets when version >= 2:
                request.Int32();
                return request.Int8() == 1 ? (null, body => RewriteListOffsets(version, body.Span)) : (null, null);
            case OffsetFetch when version >= 1:
                var fetchGroup = request.String() ?? string.Empty;
                return (null, body => RewriteOffsetFetch(fetchGroup, version, body.Span));
            case InitProducerId:
                var transactionalId = request.String();
                var timeoutMs = request.Int32();
                return transactionalId is null ? (null, null) : (null, body => OnInitProducerId(transactionalId, timeoutMs, body.Span));
            case AddPartitionsToTxn:
            case AddOffsetsToTxn:
            {
                request.String();
                var producerId = request.Int64();
                return ledger.IsFenced(producerId)
                    ? (apiKey == AddOffsetsToTxn ? new WireWriter().Int32(0).Int16(InvalidProducerEpoch) : FencedPartitions(ref request, offsets: false, version), null)
                    : (null, _ => Began(producerId));
            }

            case EndTxn:
            {
                request.String();
                var producerId = request.Int64();
                request.Int16();
                var committed = request.Int8() != 0;
                return ledger.IsFenced(producerId)
                    ? (new WireWriter().Int32(0).Int16(InvalidProducerEpoch), null)
                    : (null, body => OnEndTxn(producerId, committed, body.Span));
            }

            case TxnOffsetCommit:
            {
                request.String();
                var group = request.String() ?? string.Empty;
                var producerId = request.Int64();
                if (ledger.IsFenced(producerId))
                {
                    return (FencedPartitions(ref request, offsets: true, version), null);
                }

                request.Int16();
                var offsets = new List<(string, int, long)>();
                for (var topics = request.Int32(); topics > 0; topics--)
                {
                    var topic = request.String() ?? string.Empty;
                    for (var partitions = request.Int32(); partitions > 0; partitions--)
                    {
                        var partition = request.Int32();
                        var offset = request.Int64();
                        if (version >= 2)
                        {
                            request.Int32();
                        }

                        request.String();
                        offsets.Add((topic, partition, offset));
                    }
                }

                return (null, _ =>
                {
                    ledger.Began(producerId);
                    ledger.OffsetsAdded(producerId, group, offsets);
                    return default;
                });
            }

            default:
                return (null, null);
        }
    }

    /// <summary>Notes the transactional batches of a produce request, to learn their offsets from the response; a
    /// fenced producer's request is refused.</summary>
    private (WireWriter? Local, Func<ReadOnlyMemory<byte>, Rewrite>? OnResponse) ReadProduce(short version, ref WireReader request)
    {
        if (request.String() is null)
        {
            return (null, null);
        }

        request.Int16();
        request.Int32();
        var batches = new List<(string Topic, int Partition, long ProducerId, int Count)>();
        for (var topics = request.Int32(); topics > 0; topics--)
        {
            var topic = request.String() ?? string.Empty;
            for (var partitions = request.Int32(); partitions > 0; partitions--)
            {
                var partition = request.Int32();
                var records = request.Bytes();
                // Record batch v2: attributes at 21 (0x10 transactional), producer id at 43, last offset delta at 23.
                if (records.Length >= 61 && (BinaryPrimitives.ReadInt16BigEndian(records[21..]) & 0x10) != 0)
                {
                    var count = 0;
                    for (var at = 0; at + 61 <= records.Length; at += 12 + BinaryPrimitives.ReadInt32BigEndian(records[(at + 8)..]))
                    {
                        count += BinaryPrimitives.ReadInt32BigEndian(records[(at + 23)..]) + 1;
                    }

                    batches.Add((topic, partition, BinaryPrimitives.ReadInt64BigEndian(records[43..]), count));
                }
            }
        }

        if (batches.Count == 0)
        {
            return (null, null);
        }

        if (batches.Exists(b => ledger.IsFenced(b.ProducerId)))
        {
            var refusal = new WireWriter();
            var topics = batches.Select(b => b.Topic).Distinct(StringComparer.Ordinal).ToList();
            refusal.Int32(topics.Count);
            foreach (var topic in topics)
            {
                var partitions = batches.Where(b => b.Topic == topic).ToList();
                refusal.String(topic).Int32(partitions.Count);
                foreach (var batch in partitions)
                {
                    refusal.Int32(batch.Partition).Int16(InvalidProducerEpoch).Int64(-1).Int64(-1);
                    if (version >= 5)
                    {
                        refusal.Int64(-1);
                    }

                    if (version >= 8)
                    {
                        refusal.Int32(0).String(null);
                    }
                }
            }

            return (refusal.Int32(0), null);
        }

        return (null, body =>
        {
            var response = new WireReader(body.Span);
            for (var topics = response.Int32(); topics > 0; topics--)
            {
                var topic = response.String() ?? string.Empty;
                for (var partitions = response.Int32(); partitions > 0; partitions--)
                {
                    var partition = response.Int32();
                    var error = response.Int16();
                    var baseOffset = response.Int64();
                    response.Int64();
                    if (version >= 5)
                    {
                        response.Int64();
                    }

                    if (version >= 8)
                    {
                        for (var errors = response.Int32(); errors > 0; errors--)
                        {
                            response.Int32();
                            response.String();
                        }

                        response.String();
                    }

                    var batch = batches.Find(b => b.Topic == topic && b.Partition == partition);
                    if (error == 0 && batch.Topic is not null)
                    {
                        ledger.Written(batch.ProducerId, topic, partition, baseOffset, baseOffset + batch.Count - 1);
                    }
                }
            }

            return default;
        });
    }

    private Rewrite RewriteFetch(short version, ReadOnlySpan<byte> body)
    {
        var response = new WireReader(body);
        var answer = new WireWriter();
        answer.Int32(response.Int32());
        if (version >= 7)
        {
            answer.Int16(response.Int16()).Int32(response.Int32());
        }

        var held = false;
        var topics = response.Int32();
        answer.Int32(topics);
        for (; topics > 0; topics--)
        {
            var topic = response.String() ?? string.Empty;
            var partitions = response.Int32();
            answer.String(topic).Int32(partitions);
            for (; partitions > 0; partitions--)
            {
                var partition = response.Int32();
                var error = response.Int16();
                var high = response.Int64();
                response.Int64();
                var stable = ledger.StableOffset(topic, partition, high);
                answer.Int32(partition).Int16(error).Int64(high).Int64(stable);
                if (version >= 5)
                {
                    answer.Int64(response.Int64());
                }

                for (var count = response.Int32(); count > 0; count--)
                {
                    response.Int64();
                    response.Int64();
                }

                var preferred = version >= 11 ? response.Int32() : 0;
                var records = response.Bytes();
                var kept = 0;
                while (kept + 12 <= records.Length && BinaryPrimitives.ReadInt64BigEndian(records[kept..]) < stable)
                {
                    kept = Math.Min(records.Length, kept + 12 + BinaryPrimitives.ReadInt32BigEndian(records[(kept + 8)..]));
                }

                held |= records.Length > 0 && kept == 0;
                var aborted = kept == 0 ? [] : ledger.AbortedFrom(topic, partition, BinaryPrimitives.ReadInt64BigEndian(records));
                answer.Int32(aborted.Count);
                foreach (var (producerId, first) in aborted)
                {
                    answer.Int64(producerId).Int64(first);
                }

                if (version >= 11)
                {
                    answer.Int32(preferred);
                }

                answer.Int32(kept).Raw(records[..kept]);
            }
        }

        return new Rewrite(answer, held ? Task.Delay(HeldFetchDelay) : Task.CompletedTask);
    }

    private Rewrite RewriteListOffsets(short version, ReadOnlySpan<byte> body)
    {
        var response = new WireReader(body);
        var answer = new WireWriter().Int32(response.Int32());
        var topics = response.Int32();
        answer.Int32(topics);
        for (; topics > 0; topics--)
        {
            var topic = response.String() ?? string.Empty;
            var partitions = response.Int32();
            answer.String(topic).Int32(partitions);
            for (; partitions > 0; partitions--)
            {
                var partition = response.Int32();
                var error = response.Int16();
                var timestamp = response.Int64();
                var offset = response.Int64();
                // Only the end of the log (timestamp -1 in the answer) moves back to the last stable offset.
                answer.Int32(partition).Int16(error).Int64(timestamp).Int64(error == 0 && timestamp == -1 ? ledger.StableOffset(topic, partition, offset) : offset);
                if (version >= 4)
                {
                    answer.Int32(response.Int32());
                }
            }
        }

        return new Rewrite(answer, Task.CompletedTask);
    }

    private Rewrite RewriteOffsetFetch(string group, short version, ReadOnlySpan<byte> body)
    {
        var response = new WireReader(body);
        var answer = new WireWriter();
        if (version >= 3)
        {
            answer.Int32(response.Int32());
        }

        var topics = response.Int32();
        answer.Int32(topics);
        for (; topics > 0; topics--)
        {
            var topic = response.String() ?? string.Empty;
            var partitions = response.Int32();
            answer.String(topic).Int32(partitions);
            for (; partitions > 0; partitions--)
            {
                var partition = response.Int32();
                var offset = response.Int64();
                var leaderEpoch = version >= 5 ? response.Int32() : 0;
                var metadata = response.String();
                var error = response.Int16();
                answer.Int32(partition).Int64(error == 0 && ledger.CommittedOffset(group, topic, partition) is { } committed ? committed : offset);
                if (version >= 5)
                {
                    answer.Int32(leaderEpoch);
                }

                answer.String(metadata).Int16(error);
            }
        }

        if (version >= 2)
        {
            answer.Int16(response.Int16());
        }

        return new Rewrite(answer, Task.CompletedTask);
    }

    private Rewrite OnInitProducerId(string transactionalId, int timeoutMs, ReadOnlySpan<byte> body)
    {
        var response = new WireReader(body);
        response.Int32();
        // The previous producer's transaction is aborted before the new one learns its id, as with Kafka.
        return response.Int16() == 0
            ? new Rewrite(null, ledger.Initialised(transactionalId, response.Int64(), response.Int16(), timeoutMs, this))
            : default;
    }

    /// <summary>Has the broker abort the open transaction of a producer that will not end it (fenced, or timed out),
    /// so that it writes the abort markers.</summary>
    public async Task AbortAsync(string transactionalId, long producerId, short epoch)
    {
        try
        {
            using var client = new TcpClient { NoDelay = true };
            await client.ConnectAsync(broker, stopping.Token).ConfigureAwait(false);
            var request = new WireWriter().Int16(EndTxn).Int16(1).Int32(0).String("faustgen-embedded-coordinator")
                .String(transactionalId).Int64(producerId).Int16(epoch).Int8(0);
            var stream = client.GetStream();
            await stream.WriteAsync(request.ToFrame(), stopping.Token).ConfigureAwait(false);
            await ReadFrameAsync(stream).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // The cluster is going away.
        }
    }

    private Rewrite Began(long producerId)
    {
        ledger.Began(producerId);
        return default;
    }

    private Rewrite OnEndTxn(long producerId, bool committed, ReadOnlySpan<byte> body)
    {
        var response = new WireReader(body);
        response.Int32();
        if (response.Int16() == 0)
        {
            ledger.Ended(producerId, committed);
        }

        return default;
    }

    /// <summary>The answer to a fenced producer's AddPartitionsToTxn or TxnOffsetCommit: every partition refused.</summary>
    private static WireWriter FencedPartitions(ref WireReader request, bool offsets, short version)
    {
        request.Int16();
        var answer = new WireWriter().Int32(0);
        var topics = request.Int32();
        answer.Int32(topics);
        for (; topics > 0; topics--)
        {
            answer.String(request.String());
            var partitions = request.Int32();
            answer.Int32(partitions);
            for (; partitions > 0; partitions--)
            {
                answer.Int32(request.Int32()).Int16(InvalidProducerEpoch);
                if (offsets)
                {
                    request.Int64();
                    if (version >= 2)
                    {
                        request.Int32();
                    }

                    request.String();
                }
            }
        }

        return answer;
    }

    private static async Task<byte[]?> ReadFrameAsync(NetworkStream stream)
    {
        var size = new byte[4];
        if (!await ReadExactlyAsync(stream, size).ConfigureAwait(false))
        {
            return null;
        }

        var frame = new byte[4 + BinaryPrimitives.ReadInt32BigEndian(size)];
        size.CopyTo(frame, 0);
        return await ReadExactlyAsync(stream, frame.AsMemory(4)).ConfigureAwait(false) ? frame : null;
    }

    private static async Task<bool> ReadExactlyAsync(NetworkStream stream, Memory<byte> buffer)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer).ConfigureAwait(false);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }

    /// <summary>What becomes of a response: a new body (null: unchanged), and what to wait for before passing it on.</summary>
    private readonly record struct Rewrite(WireWriter? Rewritten, Task? Wait)
    {
        public Task Before => Wait ?? Task.CompletedTask;
    }

    /// <summary>A client's connection and the one to the broker that serves it.</summary>
    private sealed class Connection(TcpClient client) : IDisposable
    {
        private readonly SemaphoreSlim writing = new(1, 1);

        public TcpClient Client { get; } = client;

        public TcpClient Upstream { get; } = new();

        /// <summary>The client id of its first request.</summary>
        public string? ClientId { get; set; }

        /// <summary>What to do with the responses to requests passed on, by correlation id.</summary>
        public ConcurrentDictionary<int, Func<ReadOnlyMemory<byte>, Rewrite>> Pending { get; } = new();

        /// <summary>Writes a frame to the client; responses come from the broker and from the proxy.</summary>
        public async Task SendAsync(byte[] frame, CancellationToken cancellationToken)
        {
            await writing.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await Client.GetStream().WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                writing.Release();
            }
        }

        public void Dispose()
        {
            Client.Dispose();
            Upstream.Dispose();
        }
    }
}
