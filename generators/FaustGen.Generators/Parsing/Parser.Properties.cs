using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FaustGen.Generators;

internal static partial class Parser
{
    /// <summary>Parses a property marked <c>[Topic]</c> or <c>[Channel]</c>.</summary>
    public static MemberSpec? ParseTopic(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IPropertySymbol property || context.Attributes.Length == 0)
        {
            return null;
        }

        var types = new FaustTypes(context.SemanticModel.Compilation);
        if (!IsApp(property.ContainingType, types))
        {
            return Stray(property, context.TargetNode, context.Attributes[0], cancellationToken);
        }

        if (TopicRules.Classify(property, context.Attributes[0], types, cancellationToken, out var topic) is { } violation)
        {
            return Refuse(property, context.TargetNode, context.Attributes[0], MemberKind.Topic, violation);
        }

        return new TopicSpec(
            TypeNames.Of(property.ContainingType),
            Property(property, context.TargetNode),
            topic.Name,
            topic.IsChannel,
            TypeNames.Of(topic.Key),
            TypeNames.Of(topic.Value),
            topic.Partitions > 0 ? topic.Partitions : null,
            topic.KeySerializer,
            topic.ValueSerializer,
            topic.Internal,
            topic.Compacted,
            topic.RetentionSeconds > 0 ? topic.RetentionSeconds : null)
        {
            ProtobufMessages = ProtobufMessages(types, topic.Key, topic.Value),
        };
    }

    /// <summary>Parses a property marked <c>[Table]</c>, <c>[WindowedTable]</c>, <c>[GlobalTable]</c> or <c>[SetTable]</c>.</summary>
    public static MemberSpec? ParseTable(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IPropertySymbol property || context.Attributes.Length == 0)
        {
            return null;
        }

        var compilation = context.SemanticModel.Compilation;
        var types = new FaustTypes(compilation);
        if (!IsApp(property.ContainingType, types))
        {
            return Stray(property, context.TargetNode, context.Attributes[0], cancellationToken);
        }

        if (TableRules.Classify(property, context.Attributes[0], types, compilation, cancellationToken, out var table) is { } violation)
        {
            return Refuse(property, context.TargetNode, context.Attributes[0], MemberKind.Table, violation);
        }

        return new TableSpec(
            TypeNames.Of(property.ContainingType),
            Property(property, context.TargetNode),
            table.Kind,
            table.Name,
            TypeNames.Of(table.Key),
            TypeNames.Of(table.Value),
            table.HasDefault ? Literals.Typed(table.Default, table.Value) : null,
            table.Partitions > 0 ? table.Partitions : null,
            table.KeySerializer,
            table.ValueSerializer,
            table.Help,
            table.Kind == TableKind.Windowed ? Window(table.Window) : null)
        {
            ProtobufMessages = ProtobufMessages(types, table.Key, table.Value),
        };
    }

    private static WindowSpec Window(WindowDeclaration window) => new(
        window.Kind,
        window.SizeMs,
        window.StepMs > 0 ? window.StepMs : null,
        window.ExpiresMs > 0 ? window.ExpiresMs : null,
        window.RelativeToNow,
        window.TimeField is { } time ? MethodReference(time) : null,
        window.TimeField is { } field ? TypeNames.Of(field.Parameters[0].Type) : null,
        window.OnWindowClose is { } close ? MethodReference(close) : null);

    // Define runs inside the app class, so the method's name finds it; an instance method is named through 'this'.
    private static string MethodReference(IMethodSymbol method) =>
        (method.IsStatic ? string.Empty : "this.") + TypeNames.Identifier(method.Name);

    /// <summary>The field a declared topic's property is backed by.</summary>
    private static string FieldOf(IPropertySymbol property) => "__" + property.Name;

    private static PropertySpec Property(IPropertySymbol property, SyntaxNode node) => new(
        ((PropertyDeclarationSyntax)node).Modifiers.ToString(),
        TypeNames.Of(property.Type),
        TypeNames.Identifier(property.Name),
        FieldOf(property));
}
