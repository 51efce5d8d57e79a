using System.Collections.Concurrent;
using System.Net.Sockets;

namespace FaustGen.Kafka.Embedded.Proxy;

/// <summary>A client's connection to a <see cref="BrokerProxy"/> and the proxy's connection to the broker that serves it.</summary>
internal sealed class ProxyConnection(TcpClient client) : IDisposable
{
    private readonly SemaphoreSlim writing = new(1, 1);

    public TcpClient Client { get; } = client;

    public TcpClient Upstream { get; } = new();

    /// <summary>The client id of its first request whose header could be read.</summary>
    public string? ClientId { get; set; }

    /// <summary>The responses the proxy reads, by correlation id.</summary>
    public ConcurrentDictionary<int, PendingResponse> Pending { get; } = new();

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

    /// <summary>Whether the client's side is closed; the broker's may stay open for the answers the proxy reads.</summary>
    public bool ClientClosed { get; private set; }

    /// <summary>Closes the client's side only.</summary>
    public void CloseClient()
    {
        ClientClosed = true;
        Client.Dispose();
    }

    public void Dispose()
    {
        CloseClient();
        Upstream.Dispose();
    }
}
