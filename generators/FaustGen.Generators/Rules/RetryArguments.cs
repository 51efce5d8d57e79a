using FaustGen.Validation;
using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Rules;

/// <summary>The arguments of a <c>[Retry]</c> attribute, checked; defaults where not given (those of <c>RetryAttribute</c>).</summary>
internal sealed class RetryValues
{
    public int MaxAttempts { get; set; } = 3;

    public double Delay { get; set; } = 1;

    /// <summary>The name of the <c>RetryBackoff</c> member.</summary>
    public string Backoff { get; set; } = "Exponential";

    /// <summary>The longest delay in seconds, or 0 for no bound.</summary>
    public double MaxDelay { get; set; } = 30;

    public bool Jitter { get; set; }

    public List<ITypeSymbol> RetryOn { get; } = [];

    public int Topics { get; set; }

    public double TopicDelay { get; set; } = 10;
}

/// <summary>Which <c>[Retry]</c> arguments are valid: the ranges the runtime enforces on <c>RetryOptions</c>, and exception types.</summary>
internal static class RetryArguments
{
    /// <summary>The <c>[Retry]</c> attribute on <paramref name="symbol"/> (an agent method or an app class), or null.</summary>
    public static AttributeData? Find(ISymbol symbol, FaustTypes types) =>
        types.RetryAttribute is null ? null : symbol.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, types.RetryAttribute));

    /// <summary>Why <paramref name="attribute"/> is an invalid <c>[Retry]</c>, or null; on success <paramref name="values"/> holds it.</summary>
    public static Violation? Classify(AttributeData attribute, FaustTypes types, out RetryValues values)
    {
        values = new RetryValues();
        var maxDelayGiven = false;
        foreach (var argument in attribute.NamedArguments)
        {
            var value = argument.Value;
            if (value.Kind == TypedConstantKind.Error)
            {
                return Violation.Unreported("'" + argument.Key + "' is not a constant");
            }

            Violation? error;
            switch (argument.Key)
            {
                case "MaxAttempts":
                    values.MaxAttempts = AttributeArguments.AsInt32(value) ?? 0;
                    error = Count(argument.Key, RetryRules.CountError(values.MaxAttempts, 0));
                    break;
                case "Topics":
                    values.Topics = AttributeArguments.AsInt32(value) ?? -1;
                    error = Count(argument.Key, RetryRules.CountError(1, values.Topics));
                    break;
                case "Delay":
                    values.Delay = AttributeArguments.AsDouble(value) ?? double.NaN;
                    error = Delay(argument.Key, RetryRules.DelayError(values.Delay, null, 0));
                    break;
                case "TopicDelay":
                    values.TopicDelay = AttributeArguments.AsDouble(value) ?? double.NaN;
                    error = Delay(argument.Key, RetryRules.DelayError(0, null, values.TopicDelay));
                    break;
                case "MaxDelay":
                    maxDelayGiven = true;
                    values.MaxDelay = AttributeArguments.AsDouble(value) ?? double.NaN;
                    error = RetryRules.DelayError(0, null, values.MaxDelay) is null
                        ? null
                        : new Violation(RuleId.RetryDelay, "MaxDelay must be a finite number of seconds, 0 (no bound) or more", argument.Key);
                    break;
                case "Jitter":
                    values.Jitter = AttributeArguments.AsBoolean(value) == true;
                    error = null;
                    break;
                case "Backoff":
                    values.Backoff = AttributeArguments.AsEnumMember(value, types.RetryBackoff) ?? string.Empty;
                    error = values.Backoff.Length == 0 ? new Violation(RuleId.RetryDelay, "Backoff must be a member of RetryBackoff", argument.Key) : null;
                    break;
                case "RetryOn":
                    error = RetryOn(values, value, types);
                    break;
                default:
                    error = Violation.Unreported("'" + argument.Key + "' is not a retry setting");
                    break;
            }

            if (error is not null)
            {
                return error;
            }
        }

        // MaxDelay is checked against Delay once both are known (0 is no bound).
        return maxDelayGiven && values.MaxDelay != 0 && RetryRules.DelayError(values.Delay, values.MaxDelay, 0) is { } maxError
            ? new Violation(RuleId.RetryDelay, maxError, "MaxDelay")
            : null;
    }

    private static Violation? Count(string argument, string? error) => error is null ? null : new Violation(RuleId.RetryCount, error, argument);

    private static Violation? Delay(string argument, string? error) => error is null ? null : new Violation(RuleId.RetryDelay, error, argument);

    private static Violation? RetryOn(RetryValues values, TypedConstant value, FaustTypes types)
    {
        if (value.IsNull)
        {
            return null;
        }

        if (value.Kind != TypedConstantKind.Array)
        {
            return Violation.Unreported("RetryOn must be an array of types");
        }

        for (var i = 0; i < value.Values.Length; i++)
        {
            if (value.Values[i].Value is not ITypeSymbol type || type.TypeKind == TypeKind.Error)
            {
                return Violation.Unreported("RetryOn holds something that is not a type");
            }

            if (!IsException(type, types))
            {
                return new Violation(RuleId.RetryOn, "'" + type.ToDisplayString() + "' does not derive from System.Exception, so no error is one", "RetryOn", i);
            }

            values.RetryOn.Add(type);
        }

        return null;
    }

    private static bool IsException(ITypeSymbol type, FaustTypes types)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, types.Exception))
            {
                return true;
            }
        }

        return false;
    }
}
