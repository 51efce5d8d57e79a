using FaustGen.Validation;
using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Rules;

/// <summary>The kinds of table, each declared with an attribute of its own on a property of its own type.</summary>
internal enum TableKind
{
    /// <summary><c>[Table]</c> on a <c>Table&lt;K, V&gt;</c>.</summary>
    Table,

    /// <summary><c>[WindowedTable]</c> on a <c>WindowedTable&lt;K, V&gt;</c>.</summary>
    Windowed,

    /// <summary><c>[GlobalTable]</c> on a <c>GlobalTable&lt;K, V&gt;</c>.</summary>
    Global,

    /// <summary><c>[SetTable]</c> on a <c>SetTable&lt;K, M&gt;</c>.</summary>
    Set,
}

/// <summary>The window of a <c>[WindowedTable]</c>, in whole milliseconds, and the methods it names.</summary>
internal readonly struct WindowDeclaration
{
    public WindowDeclaration(int kind, long sizeMs, long stepMs, long expiresMs, bool relativeToNow, IMethodSymbol? timeField, IMethodSymbol? onWindowClose)
    {
        Kind = kind;
        SizeMs = sizeMs;
        StepMs = stepMs;
        ExpiresMs = expiresMs;
        RelativeToNow = relativeToNow;
        TimeField = timeField;
        OnWindowClose = onWindowClose;
    }

    /// <summary>The <c>WindowKind</c> as its value (see <see cref="WindowShapes"/>).</summary>
    public int Kind { get; }

    public long SizeMs { get; }

    /// <summary>The step given, 0 when none is.</summary>
    public long StepMs { get; }

    /// <summary>The expiry, 0 when windows are kept for ever.</summary>
    public long ExpiresMs { get; }

    public bool RelativeToNow { get; }

    /// <summary>The method <c>RelativeToField</c> names, or null.</summary>
    public IMethodSymbol? TimeField { get; }

    /// <summary>The method <c>OnWindowClose</c> names, or null.</summary>
    public IMethodSymbol? OnWindowClose { get; }
}

/// <summary>A table declared with <c>[Table]</c>, <c>[WindowedTable]</c>, <c>[GlobalTable]</c> or <c>[SetTable]</c> on a partial property, as the rules read it.</summary>
internal readonly struct TableDeclaration
{
    public TableDeclaration(
        TableKind kind, string name, ITypeSymbol key, ITypeSymbol value, bool hasDefault, object? defaultValue, int partitions,
        string? keySerializer, string? valueSerializer, string? help, WindowDeclaration window)
    {
        Kind = kind;
        Name = name;
        Key = key;
        Value = value;
        HasDefault = hasDefault;
        Default = defaultValue;
        Partitions = partitions;
        KeySerializer = keySerializer;
        ValueSerializer = valueSerializer;
        Help = help;
        Window = window;
    }

    public TableKind Kind { get; }

    public string Name { get; }

    public ITypeSymbol Key { get; }

    /// <summary>The value type: a set table's member type.</summary>
    public ITypeSymbol Value { get; }

    public bool HasDefault { get; }

    /// <summary>The default converted to the value type (see <see cref="TableDefaults"/>).</summary>
    public object? Default { get; }

    /// <summary>The changelog's partition count, 0 when not given.</summary>
    public int Partitions { get; }

    public string? KeySerializer { get; }

    /// <summary>The codec of values (a set table's members).</summary>
    public string? ValueSerializer { get; }

    /// <summary>The attribute argument that names <see cref="ValueSerializer"/>.</summary>
    public string ValueSerializerArgument => Kind == TableKind.Set ? "MemberSerializer" : "ValueSerializer";

    public string? Help { get; }

    /// <summary>The window of a windowed table.</summary>
    public WindowDeclaration Window { get; }
}

/// <summary>Which table properties are valid.</summary>
internal static class TableRules
{
    /// <summary>The kind of table <paramref name="attribute"/> declares, or null when it declares none.</summary>
    public static TableKind? KindOf(AttributeData attribute) => attribute.AttributeClass?.ToDisplayString() switch
    {
        KnownNames.TableAttribute => TableKind.Table,
        KnownNames.WindowedTableAttribute => TableKind.Windowed,
        KnownNames.GlobalTableAttribute => TableKind.Global,
        KnownNames.SetTableAttribute => TableKind.Set,
        _ => null,
    };

    /// <summary>Why <paramref name="property"/> with its table <paramref name="attribute"/> is not a valid table, or null.</summary>
    public static Violation? Classify(IPropertySymbol property, AttributeData attribute, FaustTypes types, Compilation compilation, CancellationToken cancellationToken, out TableDeclaration declaration)
    {
        declaration = default;
        var kind = KindOf(attribute) ?? TableKind.Table;
        var expected = kind switch
        {
            TableKind.Windowed => types.WindowedTable,
            TableKind.Global => types.GlobalTable,
            TableKind.Set => types.SetTable,
            _ => types.Table,
        };
        if (PartialProperties.Classify(property, expected, cancellationToken, out var type) is { } shapeError)
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
        string? keySerializer = null, valueSerializer = null, help = null, timeField = null, onWindowClose = null;
        var windowKind = WindowShapes.Tumbling;
        long sizeMs = 0, stepMs = 0, expiresMs = 0;
        var relativeToNow = false;
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
                case "ValueSerializer" or "MemberSerializer":
                    valueSerializer = AttributeArguments.AsString(value);
                    (rule, error) = (RuleId.CodecName, AttributeArguments.CodecNameError(valueSerializer));
                    break;
                case "Window":
                    windowKind = value.Value is int number ? number : -1;
                    (rule, error) = (RuleId.Unreported, null);
                    break;
                case "Size":
                    (rule, error) = (RuleId.Window, WindowShapes.MillisecondsError(AttributeArguments.AsDouble(value) ?? double.NaN, out sizeMs));
                    break;
                case "Step":
                    (rule, error) = (RuleId.Window, WindowShapes.MillisecondsError(AttributeArguments.AsDouble(value) ?? double.NaN, out stepMs));
                    break;
                case "Expires":
                    (rule, error) = (RuleId.Window, WindowShapes.MillisecondsError(AttributeArguments.AsDouble(value) ?? double.NaN, out expiresMs));
                    break;
                case "RelativeToNow":
                    relativeToNow = AttributeArguments.AsBoolean(value) ?? false;
                    (rule, error) = (RuleId.Unreported, null);
                    break;
                case "RelativeToField":
                    timeField = AttributeArguments.AsString(value);
                    (rule, error) = (RuleId.Unreported, null);
                    break;
                case "OnWindowClose":
                    onWindowClose = AttributeArguments.AsString(value);
                    (rule, error) = (RuleId.Unreported, null);
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

        var window = default(WindowDeclaration);
        if (kind == TableKind.Windowed)
        {
            if (ClassifyWindow(property, type, types, windowKind, sizeMs, stepMs, expiresMs, relativeToNow, timeField, onWindowClose, out window) is { } windowError)
            {
                return windowError;
            }
        }

        declaration = new TableDeclaration(kind, name!, type.TypeArguments[0], valueType, hasDefault, defaultValue, partitions, keySerializer, valueSerializer, help, window);
        return null;
    }

    private static Violation? ClassifyWindow(
        IPropertySymbol property, INamedTypeSymbol type, FaustTypes types, int kind, long sizeMs, long stepMs, long expiresMs,
        bool relativeToNow, string? timeFieldName, string? onWindowCloseName, out WindowDeclaration window)
    {
        window = default;
        if (WindowShapes.Error(kind, sizeMs, stepMs, expiresMs, out var argument) is { } shapeError)
        {
            return new Violation(RuleId.Window, shapeError, argument);
        }

        IMethodSymbol? timeField = null;
        if (timeFieldName is not null)
        {
            if (relativeToNow)
            {
                return new Violation(RuleId.WindowTime, "RelativeToNow and RelativeToField both choose the time events are filed under; keep one", "RelativeToField");
            }

            timeField = Method(property.ContainingType, timeFieldName, m =>
                m.Parameters.Length == 1 && m.Parameters[0].RefKind == RefKind.None && FaustTypes.Is(m.ReturnType, types.DateTimeOffset));
            if (timeField is null)
            {
                return new Violation(RuleId.WindowTime,
                    "'" + timeFieldName + "' names no method of '" + property.ContainingType.Name + "' that takes an event's value and returns DateTimeOffset",
                    "RelativeToField");
            }
        }

        IMethodSymbol? onWindowClose = null;
        if (onWindowCloseName is not null)
        {
            onWindowClose = Method(property.ContainingType, onWindowCloseName, m =>
                m.ReturnsVoid && m.Parameters.Length == 3 && m.Parameters.All(p => p.RefKind == RefKind.None) &&
                SymbolEqualityComparer.Default.Equals(m.Parameters[0].Type, type.TypeArguments[0]) &&
                FaustTypes.Is(m.Parameters[1].Type, types.WindowRange) &&
                SymbolEqualityComparer.Default.Equals(m.Parameters[2].Type, type.TypeArguments[1]));
            if (onWindowClose is null)
            {
                return new Violation(RuleId.WindowCloseHandler,
                    "'" + onWindowCloseName + "' names no method of '" + property.ContainingType.Name + "' of the form void " + onWindowCloseName + "(" +
                    type.TypeArguments[0].ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + " key, WindowRange window, " +
                    type.TypeArguments[1].ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + " value)",
                    "OnWindowClose");
            }

            if (expiresMs == 0)
            {
                return new Violation(RuleId.WindowCloseHandler, "windows that never expire never close, so it would never be called; set Expires", "OnWindowClose");
            }
        }

        window = new WindowDeclaration(kind, sizeMs, stepMs, expiresMs, relativeToNow, timeField, onWindowClose);
        return null;
    }

    /// <summary>The ordinary, non-generic method of <paramref name="type"/> named <paramref name="name"/> that <paramref name="fits"/>, or null.</summary>
    private static IMethodSymbol? Method(INamedTypeSymbol type, string name, Func<IMethodSymbol, bool> fits)
    {
        foreach (var member in type.GetMembers(name))
        {
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsGenericMethod: false } method && fits(method))
            {
                return method;
            }
        }

        return null;
    }
}
