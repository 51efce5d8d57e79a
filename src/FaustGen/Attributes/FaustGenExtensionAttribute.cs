namespace FaustGen;

/// <summary>
/// Marks an assembly that extends FaustGen with a transport, a store or a codec. The generator registers
/// <see cref="FactoryType"/> (an <see cref="Transport.ITransportFactory"/>, an <see cref="Stores.IStoreFactory"/>, or a
/// <see cref="Codecs.Codec"/> marked <see cref="CodecNameAttribute">[CodecName]</see>, with a public parameterless
/// constructor) in every <see cref="AppAttribute">[App]</see> of a project that references the assembly, so a package
/// reference is all a user adds.
/// </summary>
/// <param name="factoryType">The factory type.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class FaustGenExtensionAttribute(Type factoryType) : Attribute
{
    /// <summary>The factory type.</summary>
    public Type FactoryType { get; } = factoryType;
}
