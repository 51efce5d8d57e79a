using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Rules;

/// <summary>
/// Whether the types of a declared topic and of an agent's signature agree well enough that the generated
/// call compiles without a nullability warning (user projects build with warnings as errors).
/// </summary>
internal static class TypeAgreement
{
    /// <summary>Whether a value of <paramref name="from"/> can be passed as <paramref name="to"/>: the same type, and
    /// not a nullable reference passed as a non-nullable one.</summary>
    public static bool Flows(ITypeSymbol from, ITypeSymbol to) =>
        SymbolEqualityComparer.Default.Equals(from, to) &&
        !(from.NullableAnnotation == NullableAnnotation.Annotated && to.NullableAnnotation == NullableAnnotation.NotAnnotated) &&
        ArgumentsAreSame(from, to);

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> are the same type with no conflicting nullability
    /// anywhere in them (as generic arguments of invariant types must be).</summary>
    public static bool Same(ITypeSymbol a, ITypeSymbol b) =>
        SymbolEqualityComparer.Default.Equals(a, b) && !Conflict(a.NullableAnnotation, b.NullableAnnotation) && ArgumentsAreSame(a, b);

    private static bool ArgumentsAreSame(ITypeSymbol a, ITypeSymbol b)
    {
        if (a is IArrayTypeSymbol arrayA && b is IArrayTypeSymbol arrayB)
        {
            return Same(arrayA.ElementType, arrayB.ElementType);
        }

        if (a is INamedTypeSymbol namedA && b is INamedTypeSymbol namedB)
        {
            for (var i = 0; i < namedA.TypeArguments.Length; i++)
            {
                if (!Same(namedA.TypeArguments[i], namedB.TypeArguments[i]))
                {
                    return false;
                }
            }
        }

        return true;
    }

    // Oblivious (nullable-disabled) types agree with either.
    private static bool Conflict(NullableAnnotation a, NullableAnnotation b) =>
        (a == NullableAnnotation.Annotated && b == NullableAnnotation.NotAnnotated) ||
        (a == NullableAnnotation.NotAnnotated && b == NullableAnnotation.Annotated);
}
