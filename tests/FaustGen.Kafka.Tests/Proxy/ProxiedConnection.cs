using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using FaustGen.Kafka.Embedded.Proxy;

namespace FaustGen.Kafka.Tests.Proxy;

/// <summary>A client connected to a <see cref="BrokerProxy"/> whose broker is a socket the test answers on.</summary>
internal sealed class ProxiedConnection : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly TcpListener broker = new(IPAddress.Loopback, 0);
    private readonly BrokerProxy proxy;
    private TcpClient? upstream;

    private ProxiedConnection()
    {
        broker.Start();
        proxy = new BrokerProxy((IPEndPoint)broker.LocalEndpoint, Ledger, new GroupMembership(), _ => false, Log.CreateLogger("proxy"));
    }

    public TestLog Log { get; } = new();

    public TransactionLedger Ledger { get; } = new();

    public TcpClient Client { get; } = new();

    /// <summary>What the client writes to and reads from.</summary>
    public NetworkStream ToProxy => Client.GetStream();

    /// <summary>What the broker reads from and writes to.</summary>
    public NetworkStream AtBroker => upstream!.GetStream();

    public static async Task<ProxiedConnection> OpenAsync()
    {
        var connection = new ProxiedConnection();
        await connection.Client.ConnectAsync(IPAddress.Loopback, connection.proxy.Port);
        connection.upstream = await connection.broker.AcceptTcpClientAsync().WaitAsync(Timeout);
        return connection;
    }

    public static async Task<byte[]> ReadFrameAsync(NetworkStream stream)
    {
        var size = new byte[4];
        await stream.ReadExactlyAsync(size).AsTask().WaitAsync(Timeout);
        var frame = new byte[4 + BinaryPrimitives.ReadInt32BigEndian(size)];
        size.CopyTo(frame, 0);
        await stream.ReadExactlyAsync(frame.AsMemory(4)).AsTask().WaitAsync(Timeout);
        return frame;
    }

    public void Dispose()
    {
        Client.Dispose();
        upstream?.Dispose();
        proxy.Dispose();
        Ledger.Dispose();
        broker.Stop();
        broker.Dispose();
    }
}
