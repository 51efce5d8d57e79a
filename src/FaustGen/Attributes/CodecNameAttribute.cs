namespace FaustGen;

/// <summary>
/// Registers a custom codec under a name: put it on a class that derives from <see cref="Codecs.Codec"/>, has a
/// public parameterless constructor and passes the same name to the base constructor. The generator registers it
/// in every <see cref="AppAttribute">[App]</see> of the project, so settings can name it (<c>"name"</c>,
/// <c>"name|binary"</c>) and the analyzers know the name at build time.
/// </summary>
/// <param name="name">The codec's name: a single word, not a built-in codec's name.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class CodecNameAttribute(string name) : Attribute
{
    /// <summary>The codec's name.</summary>
    public string Name { get; } = name;
}
