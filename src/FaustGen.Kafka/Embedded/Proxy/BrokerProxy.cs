using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Confluent.Kafka;
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

    /// <summary>An abort still not made after this many attempts is logged.</summary>
    private const int AbortAttemptsBeforeWarning = 10;

    /// <summary>How long the answers to a gone client's last requests are waited for.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long an abort the broker could not make waits before it is asked again, doubling up to the most.</summary>
    private static readonly TimeSpan AbortRetryFirst = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan AbortRetryMax = TimeSpan.FromSeconds(2);

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
    /// so that it writes the abort markers: the EndTxn(abort) the producer would have sent. Until the broker has done
    /// so, read_committed consumers stay behind the transaction, so it is asked again while it is down, answers with
    /// an error that passes (not the coordinator yet, an injected error), or the cluster stops.</summary>
    private async Task AbortAsync(string transactionalId, long producerId, short epoch)
    {
        var request = new WireWriter().Int16((short)KafkaApiKey.EndTxn).Int16(1).Int32(0).String("faustgen-embedded-coordinator")
            .String(transactionalId).Int64(producerId).Int16(epoch).Int8(0).ToFrame();
        var backoff = AbortRetryFirst;
        for (var attempt = 1; !stopping.IsCancellationRequested; attempt++)
        {
            var error = await TryAbortAsync(request).ConfigureAwait(false);
            if (error is { } code && !IsTransient(code))
            {
                if (code != ErrorCode.NoError)
                {
                    // The broker holds no transaction of this producer to abort: it ended it already.
                    ProxyLog.NothingToAbort(logger, transactionalId, producerId, code);
                }

                return;
            }

            if (attempt == AbortAttemptsBeforeWarning)
            {
                ProxyLog.AbortRetrying(logger, transactionalId, producerId, attempt, error?.ToString() ?? "broker unreachable");
            }

            try
            {
                await Task.Delay(backoff, stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, AbortRetryMax.Ticks));
        }
    }

    /// <summary>Sends the broker an EndTxn(abort) frame; returns its error code, or null when the broker could not be reached.</summary>
    private async Task<ErrorCode?> TryAbortAsync(byte[] request)
    {
        try
        {
            using var client = new TcpClient { NoDelay = true };
            await client.ConnectAsync(broker, stopping.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync(request, stopping.Token).ConfigureAwait(false);
            // size, correlation id, throttle_time_ms, then error_code.
            return await ReadFrameAsync(stream).ConfigureAwait(false) is { Length: >= 14 } response
                ? (ErrorCode)BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(12))
                : null;
        }
        catch (Exception ex) when (IsGone(ex))
        {
            return null;
        }
    }

    /// <summary>Whether an EndTxn error passes: the coordinator moves or loads, or a test injected it.</summary>
    private static bool IsTransient(ErrorCode code) => code is not (ErrorCode.NoError or ErrorCode.InvalidProducerEpoch
        or ErrorCode.ProducerFenced or ErrorCode.InvalidTxnState or ErrorCode.UnknownProducerId or ErrorCode.InvalidProducerIdMapping);

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
        Task requests = Task.CompletedTask, responses = Task.CompletedTask;
        try
        {
            await connection.Upstream.ConnectAsync(broker, stopping.Token).ConfigureAwait(false);
            connection.Client.NoDelay = true;
            connection.Upstream.NoDelay = true;
            requests = PumpRequestsAsync(connection);
            responses = PumpResponsesAsync(connection);
            if (await Task.WhenAny(requests, responses).ConfigureAwait(false) == requests && !connection.Pending.IsEmpty)
            {
                // The client is gone, but the broker acts on what it was sent and answers it: the ledger must read the
                // answers it waits for (an EndTxn the broker committed, say), which the client no longer gets.
                connection.CloseClient();
                await responses.WaitAsync(DrainTimeout, stopping.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (IsGone(ex) || ex is TimeoutException)
        {
            // The client, the broker or the cluster went away, or the broker did not answer the requests left.
        }
        finally
        {
            connections.TryRemove(connection, out _);
            connection.Dispose();
            // The pump that did not end first ends now that both sides are closed; what it throws is expected.
            await EndedAsync(requests).ConfigureAwait(false);
            await EndedAsync(responses).ConfigureAwait(false);
        }
    }

    private static async Task EndedAsync(Task pump)
    {
        try
        {
            await pump.ConfigureAwait(false);
        }
        catch (Exception ex) when (IsGone(ex))
        {
            // A side of the connection closed.
        }
    }

    private static bool IsGone(Exception ex) => ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException;

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
