namespace FaustGen.Generators.Rules;

/// <summary>The signature shapes an agent method may have.</summary>
internal enum AgentShape
{
    /// <summary>Per event, taking the value: <c>M(V value)</c>.</summary>
    Value,

    /// <summary>Per event, taking the key and the value: <c>M(K key, V value)</c>.</summary>
    KeyValue,

    /// <summary>Per event, taking the whole event: <c>M(Event&lt;K, V&gt; e)</c>.</summary>
    Event,

    /// <summary>Reading a stream: <c>Task M(IAgentStream&lt;V&gt;)</c> or <c>Task M(IAgentStream&lt;K, V&gt;)</c>.</summary>
    Stream,

    /// <summary>Reading a stream and yielding results: <c>IAsyncEnumerable&lt;R&gt; M(IAgentStream&lt;V&gt;)</c>.</summary>
    Yielding,
}
