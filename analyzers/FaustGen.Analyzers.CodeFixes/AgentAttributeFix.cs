using System.Collections.Immutable;
using System.Composition;
using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace FaustGen.Analyzers.CodeFixes;

/// <summary>
/// Edits an [Agent] attribute: sets <c>OnError = AgentErrorPolicy.DeadLetter</c> where a dead-letter topic is named
/// without it, and drops <c>Concurrency</c> (back to 1) where the agent writes to a table or repartitions.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AgentAttributeFix)), Shared]
public sealed class AgentAttributeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticIds.DeadLetterWithoutPolicy, DiagnosticIds.ConcurrentTableWrite, DiagnosticIds.ConcurrentGroupBy);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<AttributeSyntax>() is not { ArgumentList: { } arguments } attribute)
            {
                continue;
            }

            if (diagnostic.Id == DiagnosticIds.DeadLetterWithoutPolicy)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Send failed events to the dead-letter topic",
                        _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(arguments, WithDeadLetterPolicy(arguments)))),
                        nameof(AgentAttributeFix) + "DeadLetter"),
                    diagnostic);
            }
            else if (Named(arguments, "Concurrency") is { } concurrency)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Use concurrency 1",
                        _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(arguments, arguments.WithArguments(arguments.Arguments.Remove(concurrency))))),
                        nameof(AgentAttributeFix) + "Concurrency"),
                    diagnostic);
            }
        }
    }

    private static AttributeArgumentListSyntax WithDeadLetterPolicy(AttributeArgumentListSyntax arguments)
    {
        var policy = SyntaxFactory.ParseExpression("global::FaustGen.AgentErrorPolicy.DeadLetter").WithAdditionalAnnotations(Simplifier.Annotation);
        return Named(arguments, "OnError") is { } onError
            ? arguments.ReplaceNode(onError, onError.WithExpression(policy.WithTriviaFrom(onError.Expression)))
            : arguments.AddArguments(SyntaxFactory.AttributeArgument(
                SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName("OnError")), nameColon: null, policy));
    }

    private static AttributeArgumentSyntax? Named(AttributeArgumentListSyntax arguments, string name)
    {
        foreach (var argument in arguments.Arguments)
        {
            if (argument.NameEquals?.Name.Identifier.ValueText == name)
            {
                return argument;
            }
        }

        return null;
    }
}
