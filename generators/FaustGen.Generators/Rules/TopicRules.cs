using FaustGen.Validation;
using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Rules;

/// <summary>A topic declared with <c>[Topic]</c>, or a channel declared with <c>[Channel]</c>, on a partial property, as the rules read it.</summary>
internal readonly struct TopicDeclaration
{
    public TopicDeclaration(string name, bool isChannel, ITypeSymbol key, ITypeSymbol value, int partitions, string? keySerializer, string? valueSerializer, bool isInternal, bool compacted, double retentionSeconds)
    {
        Name = name;
        IsChannel = isChannel;
        Key = key;
        Value = value;
        Partitions = partitions;
        KeySerializer = keySerializer;
        ValueSerializer = valueSerializer;
        Internal = isInternal;
        Compacted = compacted;
        RetentionSeconds = retentionSeconds;
    }

    public string Name { get; }

    /// <summary>Whether it is an in-memory channel rather than a broker topic.</summary>
    public bool IsChannel { get; }

    public ITypeSymbol Key { get; }

    public ITypeSymbol Value { get; }

    /// <summary>The partition count, 0 when not given.</summary>
    public int Partitions { get; }

    public string? KeySerializer { get; }

    public string? ValueSerializer { get; }

    public bool Internal { get; }

    public bool Compacted { get; }

    /// <summary>The retention, 0 when not given.</summary>
    public double RetentionSeconds { get; }
}

/// <summary>Which <c>[Topic]</c> and <c>[Channel]</c> properties are valid.</summary>
internal static class TopicRules
{
    /// <summary>
    /// Why <paramref name="property"/> with its <c>[Topic]</c> or <c>[Channel]</c> <paramref name="attribute"/> is not a
    /// valid topic or channel, or null. A channel shares the topic rules (its name is a topic name, as agents name it
    /// the same way) and takes no options.
    /// </summary>
    public static Violation? Classify(IPropertySymbol property, AttributeData attribute, FaustTypes types, CancellationToken cancellationToken, out TopicDeclaration declaration)
    {
        declaration = default;
        var isChannel = attribute.AttributeClass is { } attributeClass && FaustTypes.Is(attributeClass, types.ChannelAttribute);
        if (PartialProperties.Classify(property, isChannel ? types.Channel : types.Topic, cancellationToken, out var type) is { } shapeError)
        {
            return shapeError;
        }

        var nameArgument = AttributeArguments.Constructor(attribute, 0);
        if (nameArgument.Kind == TypedConstantKind.Error)
        {
            return Violation.Unreported("the topic name is not a constant");
        }

        var name = AttributeArguments.AsString(nameArgument);
        if (Names.TopicNameError(name) is { } nameError)
        {
            return new Violation(RuleId.TopicName, nameError, Violation.ConstructorArgument);
        }

        var partitions = 0;
        string? keySerializer = null, valueSerializer = null;
        bool isInternal = false, compacted = false;
        double retention = 0;
        foreach (var argument in attribute.NamedArguments)
        {
            var value = argument.Value;
            if (value.Kind == TypedConstantKind.Error)
            {
                return Violation.Unreported("'" + argument.Key + "' is not a constant");
            }

            RuleId rule;
            string? error;
            switch (isChannel ? string.Empty : argument.Key)
            {
                case "Partitions":
                    partitions = AttributeArguments.AsInt32(value) ?? -1;
                    (rule, error) = (RuleId.Partitions, AttributeArguments.PartitionsError(partitions));
                    break;
                case "KeySerializer":
                    keySerializer = AttributeArguments.AsString(value);
                    (rule, error) = (RuleId.CodecName, AttributeArguments.CodecNameError(keySerializer));
                    break;
                case "ValueSerializer":
                    valueSerializer = AttributeArguments.AsString(value);
                    (rule, error) = (RuleId.CodecName, AttributeArguments.CodecNameError(valueSerializer));
                    break;
                case "Internal":
                    isInternal = AttributeArguments.AsBoolean(value) ?? false;
                    (rule, error) = (RuleId.Unreported, null);
                    break;
                case "Compacted":
                    compacted = AttributeArguments.AsBoolean(value) ?? false;
                    (rule, error) = (RuleId.Unreported, null);
                    break;
                case "RetentionSeconds":
                    retention = AttributeArguments.AsDouble(value) ?? double.NaN;
                    (rule, error) = (RuleId.Retention, AttributeArguments.SecondsError(retention));
                    break;
                default:
                    (rule, error) = (RuleId.Unreported, "'" + argument.Key + "' is not a " + (isChannel ? "channel" : "topic") + " option");
                    break;
            }

            if (error is not null)
            {
                return new Violation(rule, error, argument.Key);
            }
        }

        declaration = new TopicDeclaration(name!, isChannel, type!.TypeArguments[0], type.TypeArguments[1], partitions, keySerializer, valueSerializer, isInternal, compacted, retention);
        return null;
    }

    /// <summary>
    /// Finds the <c>[Topic]</c> or <c>[Channel]</c> property of <paramref name="app"/> that declares <paramref name="name"/>.
    /// Returns false when there is none; otherwise <paramref name="error"/> says why that declaration is invalid, or is null.
    /// </summary>
    public static bool TryFindDeclared(INamedTypeSymbol app, string name, FaustTypes types, CancellationToken cancellationToken,
        out IPropertySymbol? property, out TopicDeclaration declaration, out Violation? error)
    {
        foreach (var member in app.GetMembers())
        {
            if (member is not IPropertySymbol candidate)
            {
                continue;
            }

            foreach (var attribute in candidate.GetAttributes())
            {
                if (attribute.AttributeClass is { } attributeClass &&
                    (FaustTypes.Is(attributeClass, types.TopicAttribute) || FaustTypes.Is(attributeClass, types.ChannelAttribute)) &&
                    AttributeArguments.AsString(AttributeArguments.Constructor(attribute, 0)) == name)
                {
                    property = candidate;
                    error = Classify(candidate, attribute, types, cancellationToken, out declaration);
                    return true;
                }
            }
        }

        property = null;
        declaration = default;
        error = null;
        return false;
    }
}
