using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Rules;

/// <summary>
/// The runtime and BCL types the rules compare against, looked up once per compilation. A type is null when
/// the compilation does not reference it (then every rule that needs it fails).
/// </summary>
internal sealed class FaustTypes
{
    public FaustTypes(Compilation compilation)
    {
        App = compilation.GetTypeByMetadataName(KnownNames.App);
        AppDefinition = compilation.GetTypeByMetadataName(KnownNames.AppDefinition);
        Topic = compilation.GetTypeByMetadataName(KnownNames.Topic);
        Channel = compilation.GetTypeByMetadataName(KnownNames.Channel);
        Table = compilation.GetTypeByMetadataName(KnownNames.Table);
        WindowedTable = compilation.GetTypeByMetadataName(KnownNames.WindowedTable);
        GlobalTable = compilation.GetTypeByMetadataName(KnownNames.GlobalTable);
        SetTable = compilation.GetTypeByMetadataName(KnownNames.SetTable);
        WindowRange = compilation.GetTypeByMetadataName(KnownNames.WindowRange);
        Event = compilation.GetTypeByMetadataName(KnownNames.Event);
        ValueStream = compilation.GetTypeByMetadataName(KnownNames.ValueStream);
        KeyValueStream = compilation.GetTypeByMetadataName(KnownNames.KeyValueStream);
        AgentErrorPolicy = compilation.GetTypeByMetadataName(KnownNames.AgentErrorPolicy);
        RetryBackoff = compilation.GetTypeByMetadataName(KnownNames.RetryBackoff);
        RetryAttribute = compilation.GetTypeByMetadataName(KnownNames.RetryAttribute);
        MiddlewareAttribute = compilation.GetTypeByMetadataName(KnownNames.MiddlewareAttribute);
        TopicPartition = compilation.GetTypeByMetadataName(KnownNames.TopicPartition);
        ReadOnlyCollection = compilation.GetTypeByMetadataName(KnownNames.ReadOnlyCollection);
        Exception = compilation.GetTypeByMetadataName(KnownNames.Exception);
        AppAttribute = compilation.GetTypeByMetadataName(KnownNames.AppAttribute);
        AgentAttribute = compilation.GetTypeByMetadataName(KnownNames.AgentAttribute);
        TopicAttribute = compilation.GetTypeByMetadataName(KnownNames.TopicAttribute);
        ChannelAttribute = compilation.GetTypeByMetadataName(KnownNames.ChannelAttribute);
        TransportFactory = compilation.GetTypeByMetadataName(KnownNames.TransportFactory);
        StoreFactory = compilation.GetTypeByMetadataName(KnownNames.StoreFactory);
        Codec = compilation.GetTypeByMetadataName(KnownNames.Codec);
        ProtobufMessages = compilation.GetTypeByMetadataName(KnownNames.ProtobufMessages);
        ProtobufMessage = compilation.GetTypeByMetadataName(KnownNames.ProtobufMessage);
        ProtobufParser = compilation.GetTypeByMetadataName(KnownNames.ProtobufParser);
        CancellationToken = compilation.GetTypeByMetadataName(KnownNames.CancellationToken);
        DateTimeOffset = compilation.GetTypeByMetadataName(KnownNames.DateTimeOffset);
        Task = compilation.GetTypeByMetadataName(KnownNames.Task);
        ValueTask = compilation.GetTypeByMetadataName(KnownNames.ValueTask);
        AsyncEnumerable = compilation.GetTypeByMetadataName(KnownNames.AsyncEnumerable);
    }

    /// <summary>FaustGen.Codecs.Codec, the base of codecs an extension may bring.</summary>
    public INamedTypeSymbol? Codec { get; }

    /// <summary>FaustGen.Protobuf's parser registration, when the project references it.</summary>
    public INamedTypeSymbol? ProtobufMessages { get; }

    /// <summary>Google.Protobuf's <c>IMessage&lt;T&gt;</c>.</summary>
    public INamedTypeSymbol? ProtobufMessage { get; }

    /// <summary>Google.Protobuf's <c>MessageParser&lt;T&gt;</c>.</summary>
    public INamedTypeSymbol? ProtobufParser { get; }

    public INamedTypeSymbol? App { get; }

    public INamedTypeSymbol? RetryBackoff { get; }

    public INamedTypeSymbol? RetryAttribute { get; }

    public INamedTypeSymbol? MiddlewareAttribute { get; }

    public INamedTypeSymbol? TopicPartition { get; }

    public INamedTypeSymbol? ReadOnlyCollection { get; }

    public INamedTypeSymbol? Exception { get; }

    public INamedTypeSymbol? AppDefinition { get; }

    public INamedTypeSymbol? Topic { get; }

    public INamedTypeSymbol? Channel { get; }

    public INamedTypeSymbol? Table { get; }

    public INamedTypeSymbol? WindowedTable { get; }

    public INamedTypeSymbol? GlobalTable { get; }

    public INamedTypeSymbol? SetTable { get; }

    public INamedTypeSymbol? WindowRange { get; }

    public INamedTypeSymbol? Event { get; }

    public INamedTypeSymbol? ValueStream { get; }

    public INamedTypeSymbol? KeyValueStream { get; }

    public INamedTypeSymbol? AgentErrorPolicy { get; }

    public INamedTypeSymbol? AppAttribute { get; }

    public INamedTypeSymbol? AgentAttribute { get; }

    public INamedTypeSymbol? TopicAttribute { get; }

    public INamedTypeSymbol? ChannelAttribute { get; }

    public INamedTypeSymbol? TransportFactory { get; }

    public INamedTypeSymbol? StoreFactory { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? DateTimeOffset { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? AsyncEnumerable { get; }

    /// <summary>Whether <paramref name="type"/> is a construction of the generic definition <paramref name="definition"/>.</summary>
    public static bool IsConstructionOf(ITypeSymbol type, INamedTypeSymbol? definition) =>
        definition is not null && type is INamedTypeSymbol named && named.IsGenericType &&
        SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, definition);

    /// <summary>Whether <paramref name="type"/> is <paramref name="expected"/>.</summary>
    public static bool Is(ITypeSymbol type, INamedTypeSymbol? expected) =>
        expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
}
