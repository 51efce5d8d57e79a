using System.Buffers;
using System.Buffers.Binary;
using FaustGen.Codecs;
using FaustGen.Validation;

namespace FaustGen;

/// <summary>
/// The codec of a windowed table's changelog keys, built from the table's key codec: the key's bytes, then the
/// window's start and end as big-endian milliseconds since the Unix epoch. Stores see these keys as any other, so
/// they need not know about windows.
/// </summary>
internal sealed class WindowedKeyCodec<TKey>(App app, string table, Codec? keySerializer) : Codec("windowed")
{
    /// <inheritdoc/>
    public override ICodec<T>? For<T>() => For<T>(new CodecTarget(Names.ChangelogTopic(app.Settings.Id, table), true, app.Settings));

    /// <inheritdoc/>
    public override ICodec<T>? For<T>(CodecTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (typeof(T) != typeof(Windowed<TKey>))
        {
            return null;
        }

        // The key's own codec, chosen as for any table: the table's, the record type's, or the app's default.
        var keys = app.Codecs.Get<TKey>(keySerializer, target.Settings.KeySerializer, target);
        return (ICodec<T>)(object)new Keys(keys);
    }

    /// <summary>The key's own codec inside <paramref name="codec"/>, the changelog key codec of a windowed table (which
    /// this codec always makes: a windowed table sets it as its key serializer).</summary>
    internal static ICodec<TKey> KeyCodecOf(ICodec<Windowed<TKey>> codec) => ((Keys)codec).Key;

    private sealed class Keys(ICodec<TKey> keys) : ICodec<Windowed<TKey>>
    {
        private const int WindowBytes = 2 * sizeof(long);

        public ICodec<TKey> Key => keys;

        public string Name => keys.Name + "+window";

        public void Encode(Windowed<TKey> value, IBufferWriter<byte> output)
        {
            keys.Encode(value.Key, output);
            var span = output.GetSpan(WindowBytes);
            BinaryPrimitives.WriteInt64BigEndian(span, value.Window.Start.ToUnixTimeMilliseconds());
            BinaryPrimitives.WriteInt64BigEndian(span[sizeof(long)..], value.Window.End.ToUnixTimeMilliseconds());
            output.Advance(WindowBytes);
        }

        public Windowed<TKey> Decode(ReadOnlySpan<byte> input)
        {
            if (input.Length < WindowBytes)
            {
                throw new FormatException($"A windowed key ends in its window's start and end ({WindowBytes} bytes); this one has {input.Length} bytes.");
            }

            var window = input[^WindowBytes..];
            return new Windowed<TKey>(
                keys.Decode(input[..^WindowBytes]),
                new WindowRange(Time(BinaryPrimitives.ReadInt64BigEndian(window)), Time(BinaryPrimitives.ReadInt64BigEndian(window[sizeof(long)..]))));
        }

        private static DateTimeOffset Time(long milliseconds) =>
            milliseconds >= DateTimeOffset.MinValue.ToUnixTimeMilliseconds() && milliseconds <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
                ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
                : throw new FormatException($"A windowed key's window bound is {milliseconds} ms from the Unix epoch, outside the times a DateTimeOffset holds.");
    }
}
