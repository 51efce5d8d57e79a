using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Rules;

/// <summary>What every method the generated code calls (agents, timers, startup tasks) must be.</summary>
internal static class Callables
{
    /// <summary>Why generated code cannot call <paramref name="method"/> by name with plain arguments, or null.</summary>
    public static Violation? Error(IMethodSymbol method, FaustTypes types)
    {
        if (HasErrors(method.ReturnType) || method.Parameters.Any(p => HasErrors(p.Type)))
        {
            return Violation.Unreported("its signature names a type that does not exist");
        }

        if (method.MethodKind != MethodKind.Ordinary)
        {
            return new Violation(RuleId.Signature, "it must be an ordinary method (not an explicit interface implementation or an operator)");
        }

        if (method.IsGenericMethod)
        {
            return new Violation(RuleId.Signature, "it must not be generic");
        }

        if (method.ReturnsByRef || method.ReturnsByRefReadonly || method.IsVararg)
        {
            return new Violation(RuleId.Signature, "it must not return by reference or take __arglist");
        }

        if (method.IsAsync && method.ReturnsVoid)
        {
            return new Violation(RuleId.AsyncVoid, "it must not be 'async void', whose failures cannot be observed; return Task or ValueTask");
        }

        var parameters = method.Parameters;
        for (var i = 0; i < parameters.Length; i++)
        {
            // A trailing optional CancellationToken is the usual form for async iterators ([EnumeratorCancellation]
            // CancellationToken ct = default); generated calls always pass it.
            var optionalToken = i == parameters.Length - 1 && IsCancellationToken(parameters[i], types);
            if (parameters[i].IsParams || (parameters[i].IsOptional && !optionalToken))
            {
                return new Violation(RuleId.Signature, "its parameters must not be optional or 'params' (except a trailing CancellationToken)");
            }
        }

        return null;
    }

    /// <summary>How a <c>void</c>, <c>ValueTask</c> or <c>Task</c> method returns, or null for another return type.</summary>
    public static CallReturn? Return(IMethodSymbol method, FaustTypes types)
    {
        if (method.ReturnsVoid)
        {
            return CallReturn.Void;
        }

        if (FaustTypes.Is(method.ReturnType, types.ValueTask))
        {
            return CallReturn.ValueTask;
        }

        if (FaustTypes.Is(method.ReturnType, types.Task))
        {
            return CallReturn.Task;
        }

        return null;
    }

    /// <summary>Whether <paramref name="parameter"/> is a trailing <see cref="System.Threading.CancellationToken"/>.</summary>
    public static bool IsCancellationToken(IParameterSymbol parameter, FaustTypes types) =>
        parameter.RefKind == RefKind.None && FaustTypes.Is(parameter.Type, types.CancellationToken);

    /// <summary>Whether <paramref name="type"/> can be a generic argument of a topic.</summary>
    public static bool IsTypeArgument(ITypeSymbol type) =>
        !type.IsRefLikeType && type.TypeKind is not (TypeKind.Pointer or TypeKind.FunctionPointer) &&
        type.SpecialType != SpecialType.System_Void && !HasErrors(type);

    /// <summary>Whether <paramref name="type"/> or a type in it does not bind; generated code naming it would repeat the user's error.</summary>
    public static bool HasErrors(ITypeSymbol type) => type switch
    {
        { TypeKind: TypeKind.Error } => true,
        IArrayTypeSymbol array => HasErrors(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(HasErrors),
        _ => false,
    };
}
