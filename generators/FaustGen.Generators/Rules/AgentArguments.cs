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
    public static Violation? Classify(IMethodSymbol method, AttributeData attribute, AgentShape shape, FaustTypes types, out AgentArgumentValues values)
    {
        values = default;
        var topicArgument = AttributeArguments.Constructor(attribute, 0);
        if (topicArgument.Kind == TypedConstantKind.Error)
        {
            return Violation.Unreported("the topic is not a constant");
        }

        var topic = AttributeArguments.AsString(topicArgument);
        if (Names.TopicNameError(topic) is { } topicError)
        {
            return new Violation(RuleId.TopicName, topicError, Violation.ConstructorArgument);
        }

        var name = method.Name;
        var concurrency = 1;
        string? onError = null, deadLetter = null;
        var sinks = new List<string>();
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
                case "Name":
                    name = AttributeArguments.AsString(value) ?? string.Empty;
                    error = name.Trim().Length == 0 ? new Violation(RuleId.AgentName, "an agent's name must not be empty", argument.Key) : null;
                    break;
                case "Concurrency":
                    concurrency = AttributeArguments.AsInt32(value) ?? 0;
                    error = concurrency < 1 ? new Violation(RuleId.Concurrency, "an agent's concurrency must be 1 or more", argument.Key) : null;
                    break;
                case "OnError":
                    onError = AttributeArguments.AsEnumMember(value, types.AgentErrorPolicy);
                    error = onError is null ? new Violation(RuleId.ErrorPolicy, "OnError must be a member of AgentErrorPolicy", argument.Key) : null;
                    break;
                case "DeadLetterTopic":
                    deadLetter = AttributeArguments.AsString(value);
                    error = deadLetter is not null && Names.TopicNameError(deadLetter) is { } deadLetterError
                        ? new Violation(RuleId.TopicName, deadLetterError, argument.Key)
                        : null;
                    break;
                case "Sinks":
                    error = ReadSinks(value, shape, sinks);
                    break;
                default:
                    error = Violation.Unreported("'" + argument.Key + "' is not an agent option");
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

    private static Violation? ReadSinks(TypedConstant value, AgentShape shape, List<string> sinks)
    {
        if (value.IsNull)
        {
            return null;
        }

        if (value.Kind != TypedConstantKind.Array)
        {
            return Violation.Unreported("Sinks must be an array of topic names");
        }

        if (shape != AgentShape.Yielding && value.Values.Length > 0)
        {
            return new Violation(RuleId.SinksWithoutResults, "only an agent that yields results (IAsyncEnumerable<R>) has sinks", "Sinks");
        }

        for (var i = 0; i < value.Values.Length; i++)
        {
            var sink = AttributeArguments.AsString(value.Values[i]);
            if (Names.TopicNameError(sink) is { } sinkError)
            {
                return new Violation(RuleId.TopicName, sinkError, "Sinks", i);
            }

            sinks.Add(sink!);
        }

        return null;
    }
}
