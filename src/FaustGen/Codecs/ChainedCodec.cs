using System.Buffers;

namespace FaustGen.Codecs;

/// <summary>A format followed by a byte transform, as in Faust's <c>json|binary</c>; chains nest for more transforms.</summary>
internal sealed class ChainedCodec(Codec format, Base64Transform transform) : Codec(format.Name + "|" + transform.Name)
{
    public override ICodec<T>? For<T>() => Wrap(format.For<T>());

    public override ICodec<T>? For<T>(CodecTarget target) => Wrap(format.For<T>(target));

    private ICodec<T>? Wrap<T>(ICodec<T>? inner) => inner is null ? null : new Transformed<T>(Name, inner, transform);

    private sealed class Transformed<T>(string name, ICodec<T> inner, Base64Transform transform) : ICodec<T>
    {
        public string Name => name;

        public void Encode(T value, IBufferWriter<byte> output)
        {
            var buffer = ScratchBuffers.Rent();
            try
            {
                inner.Encode(value, buffer);
                transform.Encode(buffer.WrittenSpan, output);
            }
            finally
            {
                ScratchBuffers.Return(buffer);
            }
        }

        public T Decode(ReadOnlySpan<byte> input)
        {
            var buffer = ScratchBuffers.Rent();
            try
            {
                transform.Decode(input, buffer);
                return inner.Decode(buffer.WrittenSpan);
            }
            finally
            {
                ScratchBuffers.Return(buffer);
            }
        }
    }
}
