namespace FaustGen.Codecs;

/// <summary>A codec written by name in settings; <see cref="CodecRegistry"/> resolves it when the app starts.</summary>
internal sealed class NamedCodecReference(string name) : Codec(name)
{
    public override ICodec<T>? For<T>() =>
        throw new InvalidOperationException($"Codec '{Name}' is a name; resolve it through the app's codec registry first.");
}
