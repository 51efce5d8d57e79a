// The generator registers these factories in every [App] of a project that references this assembly.
[assembly: FaustGen.FaustGenExtension(typeof(FaustGen.Kafka.KafkaTransportFactory))]
[assembly: FaustGen.FaustGenExtension(typeof(FaustGen.Kafka.EmbeddedKafkaTransportFactory))]
