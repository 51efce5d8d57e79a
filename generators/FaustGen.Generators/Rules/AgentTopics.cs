using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Rules;

/// <summary>The topic an agent reads or a sink writes: a declared <c>[Topic]</c> property, or one declared by name in <c>Define</c>.</summary>
internal readonly struct TopicBinding
{
    public TopicBinding(string name, IPropertySymbol? property, ITypeSymbol? key, ITypeSymbol value)
    {
        Name = name;
        Property = property;
        Key = key;
        Value = value;
    }

    /// <summary>The topic's name (for a sink that names an agent, that agent's topic).</summary>
    public string Name { get; }

    /// <summary>The <c>[Topic]</c> property that declares the topic, or null when the agent declares it.</summary>
    public IPropertySymbol? Property { get; }

    /// <summary>The topic's key type, or null for <c>byte[]</c> (a key no signature names).</summary>
    public ITypeSymbol? Key { get; }

    public ITypeSymbol Value { get; }
}

/// <summary>
/// How an agent's topic and sinks are found: a <c>[Topic]</c> property of the app with the same name gives the
/// types, and they must agree with the agent's signature; without one, the signature gives them. A sink may also
/// name another agent of the app: what is yielded goes to that agent's topic, with the types that agent reads.
/// </summary>
internal static class AgentTopics
{
    /// <summary>Why the topic <paramref name="name"/> cannot feed an agent with <paramref name="signature"/>, or null.</summary>
    public static Violation? BindSource(INamedTypeSymbol app, string name, in AgentSignature signature, FaustTypes types, CancellationToken cancellationToken, out TopicBinding binding)
    {
        binding = default;
        if (!TopicRules.TryFindDeclared(app, name, types, cancellationToken, out var property, out var declaration, out var declarationError))
        {
            binding = new TopicBinding(name, null, signature.Key, signature.Value);
            return null;
        }

        if (declarationError is not null)
        {
            return Declared(name, property!, declarationError);
        }

        var agrees = signature.Shape switch
        {
            AgentShape.Value => TypeAgreement.Flows(declaration.Value, signature.Value),
            AgentShape.KeyValue => TypeAgreement.Flows(declaration.Key, signature.Key!) && TypeAgreement.Flows(declaration.Value, signature.Value),
            _ => TypeAgreement.Same(declaration.Value, signature.Value) && (signature.Key is null || TypeAgreement.Same(declaration.Key, signature.Key)),
        };
        if (!agrees)
        {
            return new Violation(RuleId.SourceTypes, "the agent's key and value types do not match topic '" + name + "' as '" + property!.Name + "' declares it");
        }

        binding = new TopicBinding(name, property, declaration.Key, declaration.Value);
        return null;
    }

    /// <summary>Why the topic <paramref name="name"/> cannot receive the <paramref name="result"/>s of a yielding agent, or null.</summary>
    public static Violation? BindSink(INamedTypeSymbol app, string name, ITypeSymbol result, FaustTypes types, CancellationToken cancellationToken, out TopicBinding binding)
    {
        binding = default;
        if (!TopicRules.TryFindDeclared(app, name, types, cancellationToken, out var property, out var declaration, out var declarationError))
        {
            if (FindAgent(app, name, types) is { } agent)
            {
                return BindAgentSink(app, name, agent, result, types, cancellationToken, out binding);
            }

            binding = new TopicBinding(name, null, null, result);
            return null;
        }

        if (declarationError is not null)
        {
            return Declared(name, property!, declarationError);
        }

        if (!TypeAgreement.Flows(result, declaration.Value))
        {
            return new Violation(RuleId.SinkTypes, "the agent yields values that sink topic '" + name + "', as '" + property!.Name + "' declares it, does not carry", "Sinks");
        }

        binding = new TopicBinding(name, property, declaration.Key, declaration.Value);
        return null;
    }

    /// <summary>A sink that names the agent <paramref name="agent"/>: bound to the topic that agent reads, as it reads it.</summary>
    private static Violation? BindAgentSink(INamedTypeSymbol app, string name, IMethodSymbol agent, ITypeSymbol result, FaustTypes types, CancellationToken cancellationToken, out TopicBinding binding)
    {
        binding = default;
        var attribute = FindAttribute(agent, types.AgentAttribute)!;
        if (AgentShapes.Classify(agent, types, out var signature) is not null ||
            AgentArguments.Classify(agent, attribute, signature.Shape, types, out var arguments) is not null ||
            BindSource(app, arguments.Topic, signature, types, cancellationToken, out var target) is not null)
        {
            // The invalid agent is reported on its own; the agents that send to it are left out with it.
            return Violation.Unreported("sink agent '" + name + "' is invalid");
        }

        if (!TypeAgreement.Flows(result, target.Value))
        {
            return new Violation(RuleId.SinkTypes, "the agent yields values that sink agent '" + name + "' (reading topic '" + target.Name + "') does not take", "Sinks");
        }

        binding = target;
        return null;
    }

    /// <summary>The method of <paramref name="app"/> marked <c>[Agent]</c> whose name (given, or the method's) is <paramref name="name"/>.</summary>
    private static IMethodSymbol? FindAgent(INamedTypeSymbol app, string name, FaustTypes types)
    {
        foreach (var member in app.GetMembers())
        {
            if (member is IMethodSymbol method && FindAttribute(method, types.AgentAttribute) is { } attribute &&
                (AttributeArguments.TryGetNamed(attribute, "Name", out var given) ? AttributeArguments.AsString(given) : method.Name) == name)
            {
                return method;
            }
        }

        return null;
    }

    private static AttributeData? FindAttribute(ISymbol symbol, INamedTypeSymbol? attributeClass)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { } candidate && FaustTypes.Is(candidate, attributeClass))
            {
                return attribute;
            }
        }

        return null;
    }

    // The invalid declaration is reported on the property; the agents that use it are left out with it.
    private static Violation Declared(string name, IPropertySymbol property, Violation declarationError) =>
        Violation.Unreported("topic '" + name + "' is declared by '" + property.Name + "', which is invalid: " + declarationError.Message);
}
