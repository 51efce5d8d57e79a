using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Rules;

/// <summary>An agent method's signature, classified.</summary>
internal readonly struct AgentSignature
{
    public AgentSignature(AgentShape shape, CallReturn callReturn, bool takesCancellationToken, ITypeSymbol? key, ITypeSymbol value, ITypeSymbol? result)
    {
        Shape = shape;
        Return = callReturn;
        TakesCancellationToken = takesCancellationToken;
        Key = key;
        Value = value;
        Result = result;
    }

    public AgentShape Shape { get; }

    /// <summary>How a per-event agent returns (stream agents return Task, yielding ones IAsyncEnumerable).</summary>
    public CallReturn Return { get; }

    public bool TakesCancellationToken { get; }

    /// <summary>The key type the signature names, or null when it names none.</summary>
    public ITypeSymbol? Key { get; }

    public ITypeSymbol Value { get; }

    /// <summary>What a yielding agent yields.</summary>
    public ITypeSymbol? Result { get; }
}

/// <summary>
/// The signatures an <c>[Agent]</c> method may have (see <c>AgentAttribute</c>): per event
/// <c>void|ValueTask|Task M(V value)</c>, <c>M(K key, V value)</c> or <c>M(Event&lt;K, V&gt; e)</c>; per stream
/// <c>Task M(IAgentStream&lt;V&gt;)</c> or <c>M(IAgentStream&lt;K, V&gt;)</c>; yielding
/// <c>IAsyncEnumerable&lt;R&gt; M(IAgentStream&lt;V&gt;)</c> or <c>M(IAgentStream&lt;K, V&gt;)</c>; each optionally
/// followed by a <c>CancellationToken</c>.
/// </summary>
internal static class AgentShapes
{
    private const string Expected =
        "an agent takes (V value), (K key, V value), (Event<K, V> e), (IAgentStream<V> stream) or (IAgentStream<K, V> stream), optionally followed by a CancellationToken";

    /// <summary>Why <paramref name="method"/> is not an agent, or null.</summary>
    public static Violation? Classify(IMethodSymbol method, FaustTypes types, out AgentSignature signature)
    {
        signature = default;
        if (Callables.Error(method, types) is { } callError)
        {
            return callError;
        }

        var parameters = method.Parameters;
        var count = parameters.Length;
        var takesToken = count > 0 && Callables.IsCancellationToken(parameters[count - 1], types);
        if (takesToken)
        {
            count--;
        }

        if (count == 1 && IsStream(parameters[0].Type, types, out var streamKey, out var streamValue))
        {
            if (parameters[0].RefKind != RefKind.None)
            {
                return Shape("an agent's stream parameter must be passed by value");
            }

            if (FaustTypes.Is(method.ReturnType, types.Task))
            {
                signature = new AgentSignature(AgentShape.Stream, CallReturn.Task, takesToken, streamKey, streamValue!, null);
                return null;
            }

            if (FaustTypes.IsConstructionOf(method.ReturnType, types.AsyncEnumerable))
            {
                var result = ((INamedTypeSymbol)method.ReturnType).TypeArguments[0];
                if (!Callables.IsTypeArgument(result))
                {
                    return Shape("a yielding agent's results must be of a type a topic can carry");
                }

                signature = new AgentSignature(AgentShape.Yielding, CallReturn.Task, takesToken, streamKey, streamValue!, result);
                return null;
            }

            return Shape("an agent that reads a stream returns Task, or IAsyncEnumerable<R> to yield results");
        }

        if (Callables.Return(method, types) is not { } callReturn)
        {
            return Shape("a per-event agent returns void, ValueTask or Task");
        }

        if (count == 1 && FaustTypes.IsConstructionOf(parameters[0].Type, types.Event))
        {
            if (parameters[0].RefKind is not (RefKind.None or RefKind.In))
            {
                return Shape("an agent's event parameter must be passed by value or 'in'");
            }

            var arguments = ((INamedTypeSymbol)parameters[0].Type).TypeArguments;
            signature = new AgentSignature(AgentShape.Event, callReturn, takesToken, arguments[0], arguments[1], null);
            return null;
        }

        if (count is not (1 or 2))
        {
            return Shape(Expected);
        }

        for (var i = 0; i < count; i++)
        {
            var type = parameters[i].Type;
            if (parameters[i].RefKind != RefKind.None)
            {
                return Shape("an agent's key and value parameters must be passed by value");
            }

            if (!Callables.IsTypeArgument(type) || IsStream(type, types, out _, out _) || FaustTypes.IsConstructionOf(type, types.Event))
            {
                return Shape(Expected);
            }
        }

        signature = count == 1
            ? new AgentSignature(AgentShape.Value, callReturn, takesToken, null, parameters[0].Type, null)
            : new AgentSignature(AgentShape.KeyValue, callReturn, takesToken, parameters[0].Type, parameters[1].Type, null);
        return null;
    }

    private static Violation Shape(string message) => new(RuleId.Signature, message);

    private static bool IsStream(ITypeSymbol type, FaustTypes types, out ITypeSymbol? key, out ITypeSymbol? value)
    {
        key = null;
        value = null;
        if (FaustTypes.IsConstructionOf(type, types.ValueStream))
        {
            value = ((INamedTypeSymbol)type).TypeArguments[0];
            return true;
        }

        if (FaustTypes.IsConstructionOf(type, types.KeyValueStream))
        {
            var arguments = ((INamedTypeSymbol)type).TypeArguments;
            key = arguments[0];
            value = arguments[1];
            return true;
        }

        return false;
    }
}
