using System.Buffers.Binary;
using FaustGen.Kafka.Embedded.Proxy;

namespace FaustGen.Kafka.Tests.Proxy;

/// <summary>
/// What the proxy tests feed frames through. The frames themselves are written out byte by byte in the tests, from
/// the Kafka protocol's message definitions; only their size prefix and record batch headers are laid out here.
/// </summary>
internal static class ProxyFrames
{
    /// <summary>A frame: the int32 size of <paramref name="content"/>, then <paramref name="content"/>.</summary>
    public static byte[] Sized(params byte[] content)
    {
        var frame = new byte[4 + content.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, content.Length);
        content.CopyTo(frame, 4);
        return frame;
    }

    /// <summary>
    /// A record batch (message format v2) without records: base offset, batch length (49: the header after it),
    /// partition leader epoch, magic 2, crc, attributes (0x10 when transactional), last offset delta, base and max
    /// timestamps, producer id, producer epoch, base sequence, record count.
    /// </summary>
    public static byte[] Batch(long baseOffset, int lastOffsetDelta, long producerId, bool transactional)
    {
        var batch = new byte[61];
        BinaryPrimitives.WriteInt64BigEndian(batch, baseOffset);
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(8), 49);
        batch[16] = 2;
        BinaryPrimitives.WriteInt16BigEndian(batch.AsSpan(21), transactional ? (short)0x10 : (short)0);
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(23), lastOffsetDelta);
        BinaryPrimitives.WriteInt64BigEndian(batch.AsSpan(43), producerId);
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(57), lastOffsetDelta + 1);
        return batch;
    }

    /// <summary>An interceptor on <paramref name="ledger"/> whose aborts are recorded in <paramref name="aborts"/>.</summary>
    public static RequestInterceptor Interceptor(TransactionLedger ledger, GroupMembership? groups = null, TestLog? log = null, List<(string, long, short)>? aborts = null) =>
        new(ledger, groups ?? new GroupMembership(), (id, producerId, epoch) =>
        {
            aborts?.Add((id, producerId, epoch));
            return Task.CompletedTask;
        }, (log ?? new TestLog()).CreateLogger("proxy"));

    /// <summary>What the client gets for <paramref name="response"/> to the request <paramref name="interception"/> read.</summary>
    public static Reply Respond(Interception interception, byte[] response) =>
        (interception.Response ?? throw new InvalidOperationException("The proxy does not read this response.")).Read(response);

    /// <summary>Opens a transaction of producer <paramref name="producerId"/> for transactional id <paramref name="transactionalId"/>.</summary>
    public static void Open(TransactionLedger ledger, string transactionalId, long producerId)
    {
        ledger.Initialised(transactionalId, producerId, 60_000, () => Task.CompletedTask);
        ledger.Began(producerId);
    }
}
