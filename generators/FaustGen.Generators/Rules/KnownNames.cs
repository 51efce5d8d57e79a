namespace FaustGen.Generators.Rules;

/// <summary>The metadata names of the runtime types the generator looks for.</summary>
internal static class KnownNames
{
    public const string AppAttribute = "FaustGen.AppAttribute";
    public const string AgentAttribute = "FaustGen.AgentAttribute";
    public const string TopicAttribute = "FaustGen.TopicAttribute";
    public const string ChannelAttribute = "FaustGen.ChannelAttribute";
    public const string TableAttribute = "FaustGen.TableAttribute";
    public const string WindowedTableAttribute = "FaustGen.WindowedTableAttribute";
    public const string GlobalTableAttribute = "FaustGen.GlobalTableAttribute";
    public const string SetTableAttribute = "FaustGen.SetTableAttribute";
    public const string TimerAttribute = "FaustGen.TimerAttribute";
    public const string StartupTaskAttribute = "FaustGen.StartupTaskAttribute";
    public const string ExtensionAttribute = "FaustGen.FaustGenExtensionAttribute";
    public const string RetryAttribute = "FaustGen.RetryAttribute";
    public const string MiddlewareAttribute = "FaustGen.MiddlewareAttribute`1";
    public const string OnStartedAttribute = "FaustGen.OnStartedAttribute";
    public const string OnStoppingAttribute = "FaustGen.OnStoppingAttribute";
    public const string OnPartitionsAssignedAttribute = "FaustGen.OnPartitionsAssignedAttribute";
    public const string OnPartitionsRevokedAttribute = "FaustGen.OnPartitionsRevokedAttribute";
    public const string OnRecoveryCompleteAttribute = "FaustGen.OnRecoveryCompleteAttribute";

    public const string App = "FaustGen.App";
    public const string AppDefinition = "FaustGen.AppDefinition";
    public const string Topic = "FaustGen.Topic`2";
    public const string Channel = "FaustGen.Channel`2";
    public const string Table = "FaustGen.Table`2";
    public const string WindowedTable = "FaustGen.WindowedTable`2";
    public const string GlobalTable = "FaustGen.GlobalTable`2";
    public const string SetTable = "FaustGen.SetTable`2";
    public const string WindowRange = "FaustGen.WindowRange";
    public const string Event = "FaustGen.Event`2";
    public const string ValueStream = "FaustGen.IAgentStream`1";
    public const string KeyValueStream = "FaustGen.IAgentStream`2";
    public const string AgentErrorPolicy = "FaustGen.AgentErrorPolicy";
    public const string RetryBackoff = "FaustGen.RetryBackoff";
    public const string TopicPartition = "FaustGen.TopicPartition";
    public const string ReadOnlyCollection = "System.Collections.Generic.IReadOnlyCollection`1";
    public const string Exception = "System.Exception";
    public const string TransportFactory = "FaustGen.Transport.ITransportFactory";
    public const string StoreFactory = "FaustGen.Stores.IStoreFactory";
    public const string Codec = "FaustGen.Codecs.Codec";

    // FaustGen.Protobuf's registration of message parsers, and the messages it registers.
    public const string ProtobufMessages = "FaustGen.Protobuf.ProtobufMessages";
    public const string ProtobufMessage = "Google.Protobuf.IMessage`1";
    public const string ProtobufParser = "Google.Protobuf.MessageParser`1";

    public const string CancellationToken = "System.Threading.CancellationToken";
    public const string DateTimeOffset = "System.DateTimeOffset";
    public const string Task = "System.Threading.Tasks.Task";
    public const string ValueTask = "System.Threading.Tasks.ValueTask";
    public const string AsyncEnumerable = "System.Collections.Generic.IAsyncEnumerable`1";

    /// <summary>How the name of every file the generator writes ends.</summary>
    public const string GeneratedFileSuffix = ".FaustGen.g.cs";

    /// <summary>The runtime assembly's name: only assemblies that reference it can carry extensions.</summary>
    public const string RuntimeAssembly = "FaustGen";
}
