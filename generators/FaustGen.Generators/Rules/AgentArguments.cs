using FaustGen.Validation;
using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Rules;

/// <summary>The arguments of an <c>[Agent]</c> attribute, checked.</summary>
internal readonly struct AgentArgumentValues
{
    public AgentArgumentValues(string topic, string name, int concurrency, string? onError, string? deadLetterTopic, IReadOnlyList<string> sinks)
    {
        Topic = topic;
        Name = name;
        Concurrency = concurrency;
        OnError = onError;
        DeadLetterTopic = deadLetterTopic;
        Sinks = sinks;
    }

    public string Topic { get; }

    /// <summary>The agent's name: the one given, or the method's.</summary>
    public string Name { get; }

    public int Concurrency { get; }

    /// <summary>The name of the <c>AgentErrorPolicy</c> member, or null when not given.</summary>
    public string? OnError { get; }

    public string? DeadLetterTopic { get; }

    public IReadOnlyList<string> Sinks { get; }
}

/// <summary>Which <c>[Agent]</c> arguments are valid for an agent of a given shape.</summary>
internal static class AgentArguments
{
    /// <summary>Why the <c>[Agent]</c> <paramref name="attribute"/> on <paramref name="method"/> is invalid, or null.</summary>
    public static string? Classify(IMethodSymbol method, AttributeData attribute, AgentShape shape, FaustTypes types, out AgentArgumentValues values)
    {
        values = default;
        var topic = AttributeArguments.AsString(AttributeArguments.Constructor(attribute, 0));
        if (Names.TopicNameError(topic) is { } topicError)
        {
            return topicError;
        }

        var name = method.Name;
        var concurrency = 1;
        string? onError = null, deadLetter = null;
        var sinks = new List<string>();
        foreach (var argument in attribute.NamedArguments)
        {
            var value = argument.Value;
            string? error = null;
            switch (argument.Key)
            {
                case "Name":
                    name = AttributeArguments.AsString(value) ?? string.Empty;
                    error = name.Trim().Length == 0 ? "an agent's name must not be empty" : null;
                    break;
                case "Concurrency":
                    concurrency = AttributeArguments.AsInt32(value) ?? 0;
                    error = concurrency < 1 ? "an agent's concurrency must be 1 or more" : null;
                    break;
                case "OnError":
                    onError = PolicyName(value, types);
                    error = onError is null ? "OnError must be a member of AgentErrorPolicy" : null;
                    break;
                case "DeadLetterTopic":
                    deadLetter = AttributeArguments.AsString(value);
                    error = deadLetter is null ? null : Names.TopicNameError(deadLetter);
                    break;
                case "Sinks":
                    error = ReadSinks(value, shape, sinks);
                    break;
                default:
                    error = "'" + argument.Key + "' is not an agent option";
                    break;
            }

            if (error is not null)
            {
                return error;
            }
        }

        values = new AgentArgumentValues(topic!, name, concurrency, onError, deadLetter, sinks);
        return null;
    }

    private static string? ReadSinks(TypedConstant value, AgentShape shape, List<string> sinks)
    {
        if (value.IsNull)
        {
            return null;
        }

        if (value.Kind != TypedConstantKind.Array)
        {
            return "Sinks must be an array of topic names";
        }

        if (shape != AgentShape.Yielding && value.Values.Length > 0)
        {
            return "only an agent that yields results (IAsyncEnumerable<R>) has sinks";
        }

        foreach (var element in value.Values)
        {
            var sink = AttributeArguments.AsString(element);
            if (Names.TopicNameError(sink) is { } sinkError)
            {
                return "sink: " + sinkError;
            }

            sinks.Add(sink!);
        }

        return null;
    }

    // The attribute stores an enum as its underlying value; the policy is named in generated code, so it must be a member.
    private static string? PolicyName(TypedConstant value, FaustTypes types)
    {
        if (types.AgentErrorPolicy is null || value.Kind != TypedConstantKind.Enum)
        {
            return null;
        }

        foreach (var member in types.AgentErrorPolicy.GetMembers())
        {
            if (member is IFieldSymbol { HasConstantValue: true } field && Equals(field.ConstantValue, value.Value))
            {
                return field.Name;
            }
        }

        return null;
    }
}
