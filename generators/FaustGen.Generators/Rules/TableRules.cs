using FaustGen.Validation;
using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Rules;

/// <summary>A table declared with <c>[Table]</c> on a partial property, as the rules read it.</summary>
internal readonly struct TableDeclaration
{
    public TableDeclaration(string name, ITypeSymbol key, ITypeSymbol value, bool hasDefault, object? defaultValue, int partitions, string? keySerializer, string? valueSerializer, string? help)
    {
        Name = name;
        Key = key;
        Value = value;
        HasDefault = hasDefault;
        Default = defaultValue;
        Partitions = partitions;
        KeySerializer = keySerializer;
        ValueSerializer = valueSerializer;
        Help = help;
    }

    public string Name { get; }

    public ITypeSymbol Key { get; }

    public ITypeSymbol Value { get; }

    public bool HasDefault { get; }

    /// <summary>The default converted to the value type (see <see cref="TableDefaults"/>).</summary>
    public object? Default { get; }

    /// <summary>The changelog's partition count, 0 when not given.</summary>
    public int Partitions { get; }

    public string? KeySerializer { get; }

    public string? ValueSerializer { get; }

    public string? Help { get; }
}

/// <summary>Which <c>[Table]</c> properties are valid.</summary>
internal static class TableRules
{
    /// <summary>Why <paramref name="property"/> with its <c>[Table]</c> <paramref name="attribute"/> is not a valid table, or null.</summary>
    public static Violation? Classify(IPropertySymbol property, AttributeData attribute, FaustTypes types, Compilation compilation, CancellationToken cancellationToken, out TableDeclaration declaration)
    {
        declaration = default;
        if (PartialProperties.Classify(property, types.Table, cancellationToken, out var type) is { } shapeError)
        {
            return shapeError;
        }

        // The name becomes part of the changelog topic's name, so it obeys the topic naming rules.
        var nameArgument = AttributeArguments.Constructor(attribute, 0);
        if (nameArgument.Kind == TypedConstantKind.Error)
        {
            return Violation.Unreported("the table name is not a constant");
        }

        var name = AttributeArguments.AsString(nameArgument);
        if (Names.TopicNameError(name) is { } nameError)
        {
            return new Violation(RuleId.TableName, nameError, Violation.ConstructorArgument);
        }

        var valueType = type!.TypeArguments[1];
        var hasDefault = false;
        object? defaultValue = null;
        var partitions = 0;
        string? keySerializer = null, valueSerializer = null, help = null;
        foreach (var argument in attribute.NamedArguments)
        {
            var value = argument.Value;
            if (value.Kind == TypedConstantKind.Error)
            {
                return Violation.Unreported("'" + argument.Key + "' is not a constant");
            }

            RuleId rule;
            string? error;
            switch (argument.Key)
            {
                case "Default":
                    hasDefault = true;
                    (rule, error) = (RuleId.TableDefault, TableDefaults.Classify(value, valueType, compilation, out defaultValue));
                    break;
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
                case "Help":
                    help = AttributeArguments.AsString(value);
                    (rule, error) = (RuleId.Unreported, null);
                    break;
                default:
                    (rule, error) = (RuleId.Unreported, "'" + argument.Key + "' is not a table option");
                    break;
            }

            if (error is not null)
            {
                return new Violation(rule, error, argument.Key);
            }
        }

        declaration = new TableDeclaration(name!, type.TypeArguments[0], valueType, hasDefault, defaultValue, partitions, keySerializer, valueSerializer, help);
        return null;
    }
}
