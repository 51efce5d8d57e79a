using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace FaustGen.Kafka.Embedded.Proxy;

/// <summary>
/// Stands in front of one mock broker of a cluster started with transactions: clients connect here (the broker
/// advertises this address), and frames pass through both ways; a <see cref="RequestInterceptor"/> decides which
/// requests are answered here, rewritten, or have their responses rewritten from the cluster's
/// <see cref="TransactionLedger"/> and <see cref="GroupMembership"/>. This class only moves frames.
/// </summary>
internal sealed class BrokerProxy : IDisposable
{
    /// <summary>Kafka brokers refuse larger requests by default (socket.request.max.bytes); a larger size is not a frame.</summary>
    private const int MaxFrameSize = 100 * 1024 * 1024;

    /// <summary>How long the answers to a gone client's last requests are waited for.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint broker;
    private readonly RequestInterceptor interceptor;
    private readonly Func<string, bool> isolated;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<ProxyConnection, byte> connections = new();
    private readonly CancellationTokenSource stopping = new();

    /// <param name="broker">Where the mock broker listens.</param>
    /// <param name="ledger">The cluster's transactions.</param>
    /// <param name="groups">The cluster's consumer groups.</param>
    /// <param name="isolated">Whether a client id is cut off from the cluster.</param>
    /// <param name="logger">Where frames the proxy cannot read are reported.</param>
    public BrokerProxy(IPEndPoint broker, TransactionLedger ledger, GroupMembership groups, Func<string, bool> isolated, ILogger logger)
    {
        this.broker = broker;
        this.isolated = isolated;
        this.logger = logger;
        interceptor = new RequestInterceptor(ledger, groups, AbortAsync, logger);
        listener.Start();
        _ = AcceptAsync();
    }

    /// <summary>The port clients connect to.</summary>
    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Closes the connections of clients that are now isolated (what they sent the broker still takes effect).</summary>
    public void CutIsolated()
    {
        foreach (var connection in connections.Keys)
        {
            if (connection.ClientId is { } id && isolated(id))
            {
                connection.CloseClient();
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

    /// <summary>Has the broker abort the open transaction of a producer that will not end it (fenced, or timed out),
    /// so that it writes the abort markers: the EndTxn(abort) the producer would have sent.</summary>
    private async Task AbortAsync(string transactionalId, long producerId, short epoch)
    {
        try
        {
            using var client = new TcpClient { NoDelay = true };
            await client.ConnectAsync(broker, stopping.Token).ConfigureAwait(false);
            var request = new WireWriter().Int16((short)KafkaApiKey.EndTxn).Int16(1).Int32(0).String("faustgen-embedded-coordinator")
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
        using var connection = new ProxyConnection(client);
        connections[connection] = 0;
        try
        {
            await connection.Upstream.ConnectAsync(broker, stopping.Token).ConfigureAwait(false);
            connection.Client.NoDelay = true;
            connection.Upstream.NoDelay = true;
            var requests = PumpRequestsAsync(connection);
            var responses = PumpResponsesAsync(connection);
            if (await Task.WhenAny(requests, responses).ConfigureAwait(false) == requests && !connection.Pending.IsEmpty)
            {
                // The client is gone, but the broker acts on what it was sent and answers it: the ledger must read the
                // answers it waits for (an EndTxn the broker committed, say), which the client no longer gets.
                connection.CloseClient();
                await responses.WaitAsync(DrainTimeout, stopping.Token).ConfigureAwait(false);
            }
        }
        catch (TimeoutException)
        {
            // The broker did not answer the requests left.
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

    private async Task PumpRequestsAsync(ProxyConnection connection)
    {
        var upstream = connection.Upstream.GetStream();
        while (await ReadFrameAsync(connection.Client.GetStream()).ConfigureAwait(false) is { } frame)
        {
            var interception = interceptor.Read(frame);
            connection.ClientId ??= interception.ClientId;
            if (connection.ClientId is { Length: > 0 } clientId && isolated(clientId))
            {
                return;
            }

            if (interception.Answer is { } answer)
            {
                await connection.SendAsync(answer, stopping.Token).ConfigureAwait(false);
                continue;
            }

            if (interception.Response is { } response)
            {
                connection.Pending[response.CorrelationId] = response;
            }

            await upstream.WriteAsync(interception.Forward, stopping.Token).ConfigureAwait(false);
        }
    }

    private async Task PumpResponsesAsync(ProxyConnection connection)
    {
        while (await ReadFrameAsync(connection.Upstream.GetStream()).ConfigureAwait(false) is { } frame)
        {
            if (frame.Length >= 8 && connection.Pending.TryRemove(BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(4)), out var response))
            {
                var reply = response.Read(frame);
                await reply.Before.WaitAsync(stopping.Token).ConfigureAwait(false);
                frame = reply.Frame;
            }

            if (!connection.ClientClosed)
            {
                try
                {
                    await connection.SendAsync(frame, stopping.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException && !connection.Pending.IsEmpty)
                {
                    // The client went away with answers left to read.
                    connection.CloseClient();
                }
            }
            else if (connection.Pending.IsEmpty)
            {
                return;
            }
        }
    }

    /// <summary>The next frame (size included), or null once the stream ends or claims a size no frame has.</summary>
    private async Task<byte[]?> ReadFrameAsync(NetworkStream stream)
    {
        var size = new byte[4];
        if (!await ReadExactlyAsync(stream, size).ConfigureAwait(false))
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(size);
        if (length is < 0 or > MaxFrameSize)
        {
            // Nothing after it can be framed: the connection cannot go on.
            ProxyLog.Unframeable(logger, length);
            return null;
        }

        var frame = new byte[4 + length];
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
}
