using FaustGen.Generators.Rules;

namespace FaustGen.Generators;

/// <summary>An <c>[Agent]</c> method.</summary>
/// <param name="Name">The agent's name.</param>
/// <param name="Method">How to call the method: <c>this.M</c> or <c>global::Ns.App.M</c>.</param>
/// <param name="Topic">The topic the agent reads.</param>
/// <param name="ResultType">What a yielding agent yields, fully qualified; null for other shapes.</param>
/// <param name="OnError">The <c>AgentErrorPolicy</c> member, or null for the default.</param>
/// <param name="ReadsKey">False for the value-only shape, which leaves keys undecoded.</param>
/// <param name="Retry">Its <c>[Retry]</c>, or null.</param>
/// <param name="Middlewares">The types of its <c>[Middleware&lt;T&gt;]</c>s, fully qualified, in order.</param>
internal sealed record AgentSpec(
    string Owner,
    string Name,
    string Method,
    AgentShape Shape,
    CallReturn Return,
    bool TakesCancellationToken,
    TopicReferenceSpec Topic,
    string? ResultType,
    EquatableArray<TopicReferenceSpec> Sinks,
    int Concurrency,
    string? OnError,
    string? DeadLetterTopic,
    bool ReadsKey,
    RetrySpec? Retry,
    EquatableArray<string> Middlewares) : MemberSpec(Owner);
