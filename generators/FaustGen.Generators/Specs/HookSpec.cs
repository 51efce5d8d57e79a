using FaustGen.Generators.Rules;

namespace FaustGen.Generators;

/// <summary>A lifecycle hook method (<c>[OnStarted]</c>, <c>[OnPartitionsAssigned]</c>, …).</summary>
/// <param name="Registration">The <c>AppDefinition</c> method that registers it.</param>
/// <param name="Method">How to call the method: <c>this.M</c> or <c>global::Ns.App.M</c>.</param>
internal sealed record HookSpec(
    string Owner,
    string Registration,
    string Method,
    CallReturn Return,
    bool TakesPartitions,
    bool TakesCancellationToken) : MemberSpec(Owner);
