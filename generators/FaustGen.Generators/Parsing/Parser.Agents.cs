using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;

namespace FaustGen.Generators;

internal static partial class Parser
{
    /// <summary>Parses a method marked <c>[Agent]</c>.</summary>
    public static MemberSpec? ParseAgent(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.Attributes.Length == 0)
        {
            return null;
        }

        var types = new FaustTypes(context.SemanticModel.Compilation);
        var app = method.ContainingType;
        if (AgentShapes.Classify(method, types, out var signature) is not null ||
            AgentArguments.Classify(method, context.Attributes[0], signature.Shape, types, out var arguments) is not null ||
            AgentTopics.BindSource(app, arguments.Topic, signature, types, cancellationToken, out var source) is not null)
        {
            return null;
        }

        if (!TryParseRetry(method, types, out var retry))
        {
            return null;
        }

        var sinks = new List<TopicReferenceSpec>();
        var carried = new List<ITypeSymbol?> { source.Key, source.Value };
        foreach (var sink in arguments.Sinks)
        {
            if (AgentTopics.BindSink(app, sink, signature.Result!, types, cancellationToken, out var binding) is not null)
            {
                return null;
            }

            sinks.Add(Reference(binding));
            carried.Add(binding.Key);
            carried.Add(binding.Value);
        }

        return new AgentSpec(
            TypeNames.Of(app),
            arguments.Name,
            CallTarget(method),
            signature.Shape,
            signature.Return,
            signature.TakesCancellationToken,
            Reference(source),
            signature.Result is null ? null : TypeNames.Of(signature.Result),
            sinks.ToEquatableArray(),
            arguments.Concurrency,
            arguments.OnError,
            arguments.DeadLetterTopic,
            ReadsKey: signature.Shape != AgentShape.Value,
            retry,
            Middlewares(method, types))
        {
            ProtobufMessages = ProtobufMessages(types, carried.ToArray()),
        };
    }

    // A topic no signature gives a key type carries raw keys.
    private static TopicReferenceSpec Reference(in TopicBinding binding) => new(
        binding.Name,
        binding.Property is null ? null : FieldOf(binding.Property),
        binding.Key is null ? "byte[]" : TypeNames.Of(binding.Key),
        TypeNames.Of(binding.Value));
}
