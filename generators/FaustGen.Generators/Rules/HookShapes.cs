using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Rules;

/// <summary>A lifecycle hook's kind and signature, classified.</summary>
internal readonly struct HookSignature
{
    public HookSignature(string registration, CallReturn callReturn, bool takesPartitions, bool takesCancellationToken)
    {
        Registration = registration;
        Return = callReturn;
        TakesPartitions = takesPartitions;
        TakesCancellationToken = takesCancellationToken;
    }

    /// <summary>The <c>AppDefinition</c> method that registers the hook (<c>OnStarted</c>, <c>OnPartitionsAssigned</c>, …).</summary>
    public string Registration { get; }

    public CallReturn Return { get; }

    public bool TakesPartitions { get; }

    public bool TakesCancellationToken { get; }
}

/// <summary>
/// The lifecycle hooks and their signatures: <c>void|ValueTask|Task M([CancellationToken])</c> for <c>[OnStarted]</c>,
/// <c>[OnStopping]</c> and <c>[OnRecoveryComplete]</c>; the same with a first parameter
/// <c>IReadOnlyCollection&lt;TopicPartition&gt;</c> for <c>[OnPartitionsAssigned]</c> and <c>[OnPartitionsRevoked]</c>.
/// </summary>
internal static class HookShapes
{
    /// <summary>The hook attributes' metadata names, each with whether its hook takes the partitions.</summary>
    public static readonly (string Attribute, bool TakesPartitions)[] Attributes =
    [
        (KnownNames.OnStartedAttribute, false),
        (KnownNames.OnStoppingAttribute, false),
        (KnownNames.OnPartitionsAssignedAttribute, true),
        (KnownNames.OnPartitionsRevokedAttribute, true),
        (KnownNames.OnRecoveryCompleteAttribute, false),
    ];

    /// <summary>Why <paramref name="method"/>, marked with hook attribute <paramref name="attribute"/>, cannot be that hook, or null.</summary>
    public static Violation? Classify(IMethodSymbol method, AttributeData attribute, FaustTypes types, out HookSignature signature)
    {
        signature = default;
        var name = attribute.AttributeClass?.ToDisplayString() ?? string.Empty;
        var index = Array.FindIndex(Attributes, a => a.Attribute == name);
        if (index < 0)
        {
            return Violation.Unreported("not a lifecycle hook attribute");
        }

        if (Callables.Error(method, types) is { } callError)
        {
            return callError.Rule == RuleId.Signature ? new Violation(RuleId.HookSignature, callError.Message) : callError;
        }

        if (Callables.Return(method, types) is not { } callReturn)
        {
            return new Violation(RuleId.HookSignature, "a lifecycle hook returns void, ValueTask or Task");
        }

        var takesPartitions = Attributes[index].TakesPartitions;
        var parameters = method.Parameters;
        var first = 0;
        if (takesPartitions)
        {
            if (parameters.Length == 0 || !IsPartitions(parameters[0].Type, types))
            {
                return new Violation(RuleId.HookSignature, "it takes the partitions first, as IReadOnlyCollection<TopicPartition>");
            }

            first = 1;
        }

        var rest = parameters.Length - first;
        if (rest > 1 || (rest == 1 && !Callables.IsCancellationToken(parameters[first], types)))
        {
            return new Violation(RuleId.HookSignature, takesPartitions
                ? "after the partitions it takes nothing, or only a CancellationToken"
                : "it takes no parameters, or only a CancellationToken");
        }

        var registration = name.Substring(name.LastIndexOf('.') + 1);
        signature = new HookSignature(registration.Substring(0, registration.Length - "Attribute".Length), callReturn, takesPartitions, rest == 1);
        return null;
    }

    private static bool IsPartitions(ITypeSymbol type, FaustTypes types) =>
        type is INamedTypeSymbol { IsGenericType: true } named &&
        SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, types.ReadOnlyCollection) &&
        SymbolEqualityComparer.Default.Equals(named.TypeArguments[0], types.TopicPartition);
}
