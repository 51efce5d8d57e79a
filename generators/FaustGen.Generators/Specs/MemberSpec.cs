namespace FaustGen.Generators;

/// <summary>A member of an app class that the generator registers.</summary>
/// <param name="Owner">The fully qualified name of the class that declares it (see <see cref="AppSpec.Type"/>).</param>
internal abstract record MemberSpec(string Owner)
{
    /// <summary>The protobuf message types among the keys and values it carries, fully qualified (whose parsers the app registers).</summary>
    public EquatableArray<string> ProtobufMessages { get; init; }
}
