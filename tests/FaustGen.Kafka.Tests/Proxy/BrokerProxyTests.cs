using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using FaustGen.Kafka.Embedded.Proxy;
using static FaustGen.Kafka.Tests.Proxy.ProxyFrames;

namespace FaustGen.Kafka.Tests.Proxy;

/// <summary>The proxy between a client and a stand-in broker (a socket the test answers on).</summary>
public sealed class BrokerProxyTests
{
    [Fact]
    public async Task The_answer_to_an_EndTxn_is_read_after_its_client_went_away_as_the_broker_acted_on_it()
    {
        using var broker = new TcpListener(IPAddress.Loopback, 0);
        broker.Start();
        using var ledger = new TransactionLedger();
        ProxyFrames.Open(ledger, "x", 7);
        ledger.OffsetsAdded(7, "g", [("t", 0, 5)]);
        using var proxy = new BrokerProxy((IPEndPoint)broker.LocalEndpoint, ledger, new GroupMembership(), _ => false, new TestLog().CreateLogger("proxy"));
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, proxy.Port);
        using var upstream = await broker.AcceptTcpClientAsync();
        byte[] endTxn = Sized([0, 26, 0, 1, 0, 0, 0, 8, 0, 1, (byte)'c', 0, 1, (byte)'x', 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 1]);

        await client.GetStream().WriteAsync(endTxn);
        var atBroker = upstream.GetStream();
        var size = new byte[4];
        await atBroker.ReadExactlyAsync(size).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        await atBroker.ReadExactlyAsync(new byte[BinaryPrimitives.ReadInt32BigEndian(size)]).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        client.Dispose();
        await Task.Delay(200);
        await atBroker.WriteAsync(Sized([0, 0, 0, 8, 0, 0, 0, 0, 0, 0]));

        await Wait.UntilAsync(() => ledger.CommittedOffset("g", "t", 0) == 5, "the commit the broker made is the ledger's", seconds: 10);
    }
}
