using System.Buffers;

namespace FaustGen.Codecs;

/// <summary>Turns values of one type into bytes and back.</summary>
/// <typeparam name="T">The type the codec carries.</typeparam>
public interface ICodec<T>
{
    /// <summary>The codec's name as written in settings, for example <c>json</c> or <c>json|binary</c>.</summary>
    string Name { get; }

    /// <summary>Writes <paramref name="value"/> to <paramref name="output"/>.</summary>
    void Encode(T value, IBufferWriter<byte> output);

    /// <summary>Reads a value from <paramref name="input"/>.</summary>
    /// <exception cref="FormatException">The bytes are not a valid encoding of <typeparamref name="T"/>.</exception>
    T Decode(ReadOnlySpan<byte> input);
}
