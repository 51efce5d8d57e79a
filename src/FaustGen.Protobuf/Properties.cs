// The generator registers the protobuf codec in every [App] of a project that references this assembly.
[assembly: FaustGen.FaustGenExtension(typeof(FaustGen.Protobuf.ProtobufCodec))]
