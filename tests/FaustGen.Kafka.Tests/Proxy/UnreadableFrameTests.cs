using FaustGen.Kafka.Embedded.Proxy;
using static FaustGen.Kafka.Tests.Proxy.ProxyFrames;

namespace FaustGen.Kafka.Tests.Proxy;

/// <summary>Frames the proxy cannot read are logged and passed on unchanged.</summary>
public sealed class UnreadableFrameTests
{
    /// <summary>A TxnOffsetCommit v3 cut off after its producer id.</summary>
    internal static readonly byte[] Truncated = Sized([0, 28, 0, 3, 0, 0, 0, 9, 0, 1, (byte)'c', 0, 2, (byte)'x', 2, (byte)'g', 0, 0, 0, 0, 0, 0, 0, 7]);

    /// <summary>An OffsetFetch v5 whose topic count is far more than the frame holds.</summary>
    internal static readonly byte[] Garbage = Sized([0, 9, 0, 5, 0, 0, 0, 1, 0, 1, (byte)'c', 0, 1, (byte)'g', 0x7F, 0x13, 0x37, 0x00]);

    /// <summary>A TxnOffsetCommit v4: past the v3 the brokers advertise.</summary>
    internal static readonly byte[] Newer = Sized([0, 28, 0, 4, 0, 0, 0, 9, 0, 1, (byte)'c', 0, 0]);

    [Theory]
    [InlineData("truncated", "TxnOffsetCommit v3 request of 28 bytes it cannot read")]
    [InlineData("garbage", "OffsetFetch v5 request of 22 bytes it cannot read")]
    [InlineData("newer", "TxnOffsetCommit v4 request unread: it reads up to v3")]
    [InlineData("headless", "request frame of 7 bytes whose header it cannot read")]
    public void A_request_the_proxy_cannot_read_is_logged_and_passed_on_unchanged(string kind, string logged)
    {
        byte[] frame = kind switch
        {
            "truncated" => Truncated,
            "garbage" => Garbage,
            "newer" => Newer,
            _ => Sized([0, 28, 0]),
        };
        var log = new TestLog();
        using var ledger = new TransactionLedger();

        var interception = Interceptor(ledger, log: log).Read(frame);

        Assert.Same(frame, interception.Forward);
        Assert.Null(interception.Answer);
        Assert.Null(interception.Response);
        Assert.Equal(kind == "headless" ? null : "c", interception.ClientId);
        Assert.Contains(log.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains(logged, StringComparison.Ordinal));
    }

    [Fact]
    public void A_response_the_proxy_cannot_read_is_logged_and_passed_on_unchanged()
    {
        var log = new TestLog();
        using var ledger = new TransactionLedger();
        byte[] request = Sized([0, 2, 0, 5, 0, 0, 0, 6, 0, 1, (byte)'c', 255, 255, 255, 255, 1, 0, 0, 0, 0]);
        byte[] response = Sized([0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 1, 0, 9, (byte)'t']);

        var reply = Respond(Interceptor(ledger, log: log).Read(request), response);

        Assert.Same(response, reply.Frame);
        Assert.Contains(log.Lines, l => l.Contains("response to a ListOffsets v5 request (19 bytes) unchanged", StringComparison.Ordinal));
    }
}
