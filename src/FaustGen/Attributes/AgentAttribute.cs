namespace FaustGen;

/// <summary>
/// Marks a method of an <see cref="AppAttribute">[App]</see> class as an agent: an asynchronous
/// consumer of a topic.
/// </summary>
/// <remarks>
/// <para>Supported shapes (<c>K</c> and <c>V</c> are the topic's key and value types; every shape may
/// take a trailing <see cref="CancellationToken"/>, which is cancelled when the app stops):</para>
/// <list type="bullet">
/// <item><description>per event: <c>void|ValueTask|Task M(V value)</c>, <c>M(K key, V value)</c>, <c>M(Event&lt;K, V&gt; e)</c>;</description></item>
/// <item><description>per stream: <c>Task M(IAgentStream&lt;V&gt; stream)</c> or <c>Task M(IAgentStream&lt;K, V&gt; stream)</c>, iterated with <c>await foreach</c>;</description></item>
/// <item><description>yielding: <c>IAsyncEnumerable&lt;R&gt; M(IAgentStream&lt;V&gt; stream)</c>; every result is sent to the <see cref="Sinks"/>.</description></item>
/// </list>
/// <para>The topic's key and value types come from a <see cref="TopicAttribute">[Topic]</see> (or <see cref="ChannelAttribute">[Channel]</see>) of the
/// same name when the app declares one, otherwise from the method's signature (a key type not named
/// anywhere is <c>byte[]</c>).</para>
/// </remarks>
/// <param name="topic">The name of the topic the agent consumes.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class AgentAttribute(string topic) : Attribute
{
    /// <summary>The name of the topic the agent consumes.</summary>
    public string Topic { get; } = topic;

    /// <summary>The agent's name; defaults to the method's name.</summary>
    public string? Name { get; set; }

    /// <summary>How many copies of the agent process the topic's events concurrently (default 1).</summary>
    /// <remarks>With more than one, events of one partition may complete out of order; offsets are still
    /// committed only up to the first event not yet processed.</remarks>
    public int Concurrency { get; set; } = 1;

    /// <summary>Where what a yielding agent yields goes: names of topics (or channels) of the app, or of its agents —
    /// a sink that names an agent sends to the topic that agent reads.</summary>
    public string[]? Sinks { get; set; }

    /// <summary>What happens when the agent throws (default <see cref="AgentErrorPolicy.Skip"/>).</summary>
    public AgentErrorPolicy OnError { get; set; } = AgentErrorPolicy.Skip;

    /// <summary>The topic that receives failed events when <see cref="OnError"/> is
    /// <see cref="AgentErrorPolicy.DeadLetter"/>; defaults to <c>{app-id}-{agent}-dead-letter</c>.</summary>
    public string? DeadLetterTopic { get; set; }
}
