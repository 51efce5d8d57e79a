using System.Buffers;
using System.Collections.Immutable;
using FaustGen.Codecs;
using FaustGen.Validation;

namespace FaustGen;

/// <summary>
/// The codec of a set table's changelog values, built from the codec of its members: the member count, then each
/// member's length and bytes (lengths and count as unsigned LEB128 varints). A change writes the whole set, so the
/// compacted changelog keeps every key's latest set.
/// </summary>
internal sealed class SetCodec<TMember>(App app, string table, Codec? memberSerializer) : Codec("set")
{
    /// <inheritdoc/>
    public override ICodec<T>? For<T>() => For<T>(new CodecTarget(Names.ChangelogTopic(app.Settings.Id, table), false, app.Settings));

    /// <inheritdoc/>
    public override ICodec<T>? For<T>(CodecTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (typeof(T) != typeof(ImmutableHashSet<TMember>))
        {
            return null;
        }

        var members = app.Codecs.Get<TMember>(memberSerializer, target.Settings.ValueSerializer, target);
        return (ICodec<T>)(object)new Sets(members);
    }

    private sealed class Sets(ICodec<TMember> members) : ICodec<ImmutableHashSet<TMember>>
    {
        [ThreadStatic]
        private static ArrayBufferWriter<byte>? scratch;

        public string Name => "set(" + members.Name + ")";

        public void Encode(ImmutableHashSet<TMember> value, IBufferWriter<byte> output)
        {
            ArgumentNullException.ThrowIfNull(value);
            WriteVarint(output, (ulong)value.Count);

            // A member's length comes before its bytes, so each is encoded aside first.
            var member = scratch ??= new ArrayBufferWriter<byte>(64);
            foreach (var item in value)
            {
                member.ResetWrittenCount();
                members.Encode(item, member);
                WriteVarint(output, (ulong)member.WrittenCount);
                output.Write(member.WrittenSpan);
            }
        }

        public ImmutableHashSet<TMember> Decode(ReadOnlySpan<byte> input)
        {
            var count = ReadVarint(ref input);
            var set = ImmutableHashSet.CreateBuilder<TMember>();
            for (ulong i = 0; i < count; i++)
            {
                var length = ReadVarint(ref input);
                if (length > (ulong)input.Length)
                {
                    throw new FormatException($"A set member of {length} bytes is announced, but only {input.Length} bytes are left.");
                }

                set.Add(members.Decode(input[..(int)length]));
                input = input[(int)length..];
            }

            return input.IsEmpty
                ? set.ToImmutable()
                : throw new FormatException($"A set's members are followed by {input.Length} bytes that belong to none.");
        }

        private static void WriteVarint(IBufferWriter<byte> output, ulong value)
        {
            var span = output.GetSpan(10);
            var written = 0;
            while (value >= 0x80)
            {
                span[written++] = (byte)(value | 0x80);
                value >>= 7;
            }

            span[written++] = (byte)value;
            output.Advance(written);
        }

        private static ulong ReadVarint(ref ReadOnlySpan<byte> input)
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (input.IsEmpty)
                {
                    throw new FormatException("A set ends in the middle of a length.");
                }

                var next = input[0];
                input = input[1..];
                value |= (ulong)(next & 0x7F) << shift;
                if (next < 0x80)
                {
                    return value;
                }
            }

            throw new FormatException("A set holds a length longer than 64 bits.");
        }
    }
}
