using System.Buffers;

namespace FaustGen.Codecs;

/// <summary>
/// A per-thread buffer for codecs that encode in two steps (a chain's format before its transform, a schema id
/// before the body). Rented and returned, so a nested use on the same thread gets a fresh one instead of the one in use.
/// </summary>
internal static class ScratchBuffers
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? cached;

    public static ArrayBufferWriter<byte> Rent()
    {
        var buffer = cached ?? new ArrayBufferWriter<byte>(256);
        cached = null;
        buffer.ResetWrittenCount();
        return buffer;
    }

    public static void Return(ArrayBufferWriter<byte> buffer)
    {
        // A buffer that grew for one huge message is not kept forever.
        if (buffer.Capacity <= 1 << 20)
        {
            cached = buffer;
        }
    }
}
