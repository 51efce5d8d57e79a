using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;

namespace FaustGen.Analyzers;

/// <summary>A [Topic] property that the generator implements.</summary>
internal sealed class TopicMember
{
    public TopicMember(IPropertySymbol property, AttributeData attribute, TopicDeclaration declaration)
    {
        Property = property;
        Attribute = attribute;
        Declaration = declaration;
    }

    public IPropertySymbol Property { get; }

    public AttributeData Attribute { get; }

    public TopicDeclaration Declaration { get; }
}

/// <summary>A [Table] property that the generator implements.</summary>
internal sealed class TableMember
{
    public TableMember(IPropertySymbol property, AttributeData attribute, TableDeclaration declaration)
    {
        Property = property;
        Attribute = attribute;
        Declaration = declaration;
    }

    public IPropertySymbol Property { get; }

    public AttributeData Attribute { get; }

    public TableDeclaration Declaration { get; }
}

/// <summary>An [Agent] method that the generator registers, with the topics it reads and writes.</summary>
internal sealed class AgentMember
{
    public AgentMember(IMethodSymbol method, AttributeData attribute, AgentSignature signature, AgentArgumentValues arguments, TopicBinding source, IReadOnlyList<TopicBinding> sinks)
    {
        Method = method;
        Attribute = attribute;
        Signature = signature;
        Arguments = arguments;
        Source = source;
        Sinks = sinks;
    }

    public IMethodSymbol Method { get; }

    public AttributeData Attribute { get; }

    public AgentSignature Signature { get; }

    public AgentArgumentValues Arguments { get; }

    public TopicBinding Source { get; }

    /// <summary>The binding of each of <see cref="AgentArgumentValues.Sinks"/>, in order.</summary>
    public IReadOnlyList<TopicBinding> Sinks { get; }

    /// <summary>Whether the attribute names the agent (rather than the method doing so).</summary>
    public bool IsNamed => AttributeArguments.TryGetNamed(Attribute, "Name", out _);
}
