using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;

namespace FaustGen.Generators;

internal static partial class Parser
{
    /// <summary>Parses a method marked with a lifecycle hook attribute (<c>[OnStarted]</c>, <c>[OnPartitionsAssigned]</c>, …).</summary>
    public static MemberSpec? ParseHook(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.Attributes.Length == 0 ||
            HookShapes.Classify(method, context.Attributes[0], new FaustTypes(context.SemanticModel.Compilation), out var signature) is not null)
        {
            return null;
        }

        return new HookSpec(TypeNames.Of(method.ContainingType), signature.Registration, CallTarget(method), signature.Return, signature.TakesPartitions, signature.TakesCancellationToken);
    }

    /// <summary>The <c>[Retry]</c> of <paramref name="symbol"/>: false when it has an invalid one, else true with
    /// <paramref name="retry"/> null when it has none.</summary>
    private static bool TryParseRetry(ISymbol symbol, FaustTypes types, out RetrySpec? retry)
    {
        retry = null;
        if (RetryArguments.Find(symbol, types) is not { } attribute)
        {
            return true;
        }

        if (RetryArguments.Classify(attribute, types, out var values) is not null)
        {
            return false;
        }

        retry = new RetrySpec(
            values.MaxAttempts,
            values.Delay,
            values.Backoff,
            values.MaxDelay,
            values.Jitter,
            values.RetryOn.Select(TypeNames.Of).ToEquatableArray(),
            values.Topics,
            values.TopicDelay);
        return true;
    }

    /// <summary>The types of <paramref name="symbol"/>'s <c>[Middleware&lt;T&gt;]</c>s, fully qualified, in order.</summary>
    private static EquatableArray<string> Middlewares(ISymbol symbol, FaustTypes types) =>
        MiddlewareAttributes.Of(symbol, types).Select(TypeNames.Of).ToEquatableArray();
}
