using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Rules;

/// <summary>A timer's or startup task's method signature, classified.</summary>
internal readonly struct ScheduledSignature
{
    public ScheduledSignature(CallReturn callReturn, bool takesCancellationToken)
    {
        Return = callReturn;
        TakesCancellationToken = takesCancellationToken;
    }

    public CallReturn Return { get; }

    public bool TakesCancellationToken { get; }
}

/// <summary>
/// The signatures a <c>[Timer]</c> or <c>[StartupTask]</c> method may have: <c>void|ValueTask|Task M()</c>,
/// optionally taking a <c>CancellationToken</c>; and a timer's interval.
/// </summary>
internal static class TimerShapes
{
    /// <summary>Why <paramref name="method"/> cannot be a timer or startup task, or null.</summary>
    public static Violation? Classify(IMethodSymbol method, FaustTypes types, out ScheduledSignature signature)
    {
        signature = default;
        if (Callables.Error(method, types) is { } callError)
        {
            return callError;
        }

        if (Callables.Return(method, types) is not { } callReturn)
        {
            return new Violation(RuleId.Signature, "a timer or startup task returns void, ValueTask or Task");
        }

        var parameters = method.Parameters;
        if (parameters.Length > 1 || (parameters.Length == 1 && !Callables.IsCancellationToken(parameters[0], types)))
        {
            return new Violation(RuleId.Signature, "a timer or startup task takes no parameters, or only a CancellationToken");
        }

        signature = new ScheduledSignature(callReturn, parameters.Length == 1);
        return null;
    }

    /// <summary>Why <paramref name="interval"/> is not a timer interval, or null; on success <paramref name="seconds"/> holds it.</summary>
    public static Violation? IntervalError(TypedConstant interval, out double seconds)
    {
        seconds = AttributeArguments.AsDouble(interval) ?? double.NaN;
        if (interval.Kind == TypedConstantKind.Error)
        {
            return Violation.Unreported("the interval is not a constant");
        }

        return seconds > 0 && !double.IsInfinity(seconds)
            ? null
            : new Violation(RuleId.TimerInterval, "a timer's interval must be a positive constant number of seconds", Violation.ConstructorArgument);
    }
}
