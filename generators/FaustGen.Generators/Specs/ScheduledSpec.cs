using FaustGen.Generators.Rules;

namespace FaustGen.Generators;

/// <summary>A <c>[Timer]</c> or <c>[StartupTask]</c> method.</summary>
/// <param name="Name">The name it is registered under (the method's name).</param>
/// <param name="Method">How to call the method: <c>this.M</c> or <c>global::Ns.App.M</c>.</param>
/// <param name="IntervalSeconds">A timer's interval; null for a startup task.</param>
internal sealed record ScheduledSpec(
    string Owner,
    string Name,
    string Method,
    CallReturn Return,
    bool TakesCancellationToken,
    double? IntervalSeconds,
    bool OnLeader) : MemberSpec(Owner);
