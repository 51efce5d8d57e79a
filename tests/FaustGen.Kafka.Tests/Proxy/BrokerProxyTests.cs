using FaustGen.Kafka.Embedded.Proxy;
using static FaustGen.Kafka.Tests.Proxy.ProxyFrames;

namespace FaustGen.Kafka.Tests.Proxy;

/// <summary>The proxy's sockets: frames pass both ways, unreadable ones too, and answers the ledger waits for are
/// read after their client has gone.</summary>
public sealed class BrokerProxyTests
{
    [Fact]
    public async Task Unreadable_frames_reach_the_broker_unchanged_and_the_connection_stays_open()
    {
        using var connection = await ProxiedConnection.OpenAsync();

        foreach (var frame in new[] { UnreadableFrameTests.Truncated, UnreadableFrameTests.Garbage, UnreadableFrameTests.Newer })
        {
            await connection.ToProxy.WriteAsync(frame);
            Assert.Equal(frame, await ProxiedConnection.ReadFrameAsync(connection.AtBroker));
            byte[] answer = Sized([0, 0, 0, frame[11], 0x42]);
            await connection.AtBroker.WriteAsync(answer);
            Assert.Equal(answer, await ProxiedConnection.ReadFrameAsync(connection.ToProxy));
        }

        Assert.Equal(3, connection.Log.Lines.Count);
    }

    [Fact]
    public async Task A_frame_size_no_frame_has_closes_the_connection_with_an_error()
    {
        using var connection = await ProxiedConnection.OpenAsync();

        await connection.ToProxy.WriteAsync(new byte[] { 0xFF, 0xFF, 0xFF, 0xF0 });

        var read = await connection.ToProxy.ReadAsync(new byte[1]).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, read);
        Assert.Contains(connection.Log.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("claims -16 bytes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_answer_to_an_EndTxn_is_read_after_its_client_went_away_as_the_broker_acted_on_it()
    {
        using var connection = await ProxiedConnection.OpenAsync();
        Open(connection.Ledger, "x", 7);
        connection.Ledger.OffsetsAdded(7, "g", [("t", 0, 5)]);
        byte[] endTxn = Sized([0, 26, 0, 1, 0, 0, 0, 8, 0, 1, (byte)'c', 0, 1, (byte)'x', 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 1]);

        await connection.ToProxy.WriteAsync(endTxn);
        Assert.Equal(endTxn, await ProxiedConnection.ReadFrameAsync(connection.AtBroker));
        connection.Client.Dispose();
        await Task.Delay(200);
        await connection.AtBroker.WriteAsync(Sized([0, 0, 0, 8, 0, 0, 0, 0, 0, 0]));

        await Wait.UntilAsync(() => connection.Ledger.CommittedOffset("g", "t", 0) == 5, "the commit the broker made is the ledger's", seconds: 10);
    }
}
