using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;

namespace FaustGen.Generators;

internal static partial class Parser
{
    /// <summary>Parses a method marked <c>[Timer]</c>.</summary>
    public static MemberSpec? ParseTimer(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.Attributes.Length == 0 ||
            TimerShapes.IntervalError(AttributeArguments.Constructor(context.Attributes[0], 0), out var seconds) is not null)
        {
            return null;
        }

        return ParseScheduled(context, seconds);
    }

    /// <summary>Parses a method marked <c>[StartupTask]</c>.</summary>
    public static MemberSpec? ParseStartupTask(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        context.Attributes.Length == 0 ? null : ParseScheduled(context, intervalSeconds: null);

    private static ScheduledSpec? ParseScheduled(GeneratorAttributeSyntaxContext context, double? intervalSeconds)
    {
        if (context.TargetSymbol is not IMethodSymbol method)
        {
            return null;
        }

        var types = new FaustTypes(context.SemanticModel.Compilation);
        if (TimerShapes.Classify(method, types, out var signature) is not null)
        {
            return null;
        }

        var onLeader = AttributeArguments.TryGetNamed(context.Attributes[0], "OnLeader", out var flag) && AttributeArguments.AsBoolean(flag) == true;
        return new ScheduledSpec(
            TypeNames.Of(method.ContainingType),
            method.Name,
            CallTarget(method),
            signature.Return,
            signature.TakesCancellationToken,
            intervalSeconds,
            onLeader);
    }
}
