using System.Collections.Immutable;
using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FaustGen.Generators;

/// <summary>
/// Completes every <c>partial</c> class marked <c>[App]</c>: makes it an <c>App</c>, implements its <c>[Topic]</c>,
/// <c>[Channel]</c> and table (<c>[Table]</c>, <c>[WindowedTable]</c>, <c>[GlobalTable]</c>, <c>[SetTable]</c>) properties, and writes a <c>Define</c> that registers its agents (with their
/// <c>[Retry]</c> and <c>[Middleware&lt;T&gt;]</c>), timers, startup tasks, lifecycle hooks and the extensions its project references. A property or class that breaks a rule is left out of the wiring, but its
/// partial properties are still implemented (they throw), so a build gets past the compiler to the diagnostics.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class FaustGenGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var apps = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.AppAttribute, static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax, Parser.ParseApp)
            .Where(static app => app is not null)
            .Select(static (app, _) => app!)
            .WithTrackingName(TrackingNames.Apps);

        var members = Members(context, KnownNames.TopicAttribute, IsProperty, Parser.ParseTopic, TrackingNames.Topics)
            .Combine(Members(context, KnownNames.ChannelAttribute, IsProperty, Parser.ParseTopic, TrackingNames.Channels))
            .Combine(Members(context, KnownNames.TableAttribute, IsProperty, Parser.ParseTable, TrackingNames.Tables))
            .Combine(Members(context, KnownNames.AgentAttribute, IsMethod, Parser.ParseAgent, TrackingNames.Agents))
            .Combine(Members(context, KnownNames.TimerAttribute, IsMethod, Parser.ParseTimer, TrackingNames.Timers))
            .Combine(Members(context, KnownNames.StartupTaskAttribute, IsMethod, Parser.ParseStartupTask, TrackingNames.StartupTasks))
            .Select(static (all, _) => all.Left.Left.Left.Left.Left
                .Concat(all.Left.Left.Left.Left.Right).Concat(all.Left.Left.Left.Right).Concat(all.Left.Left.Right).Concat(all.Left.Right).Concat(all.Right)
                .ToEquatableArray())
            .Combine(TableKinds(context))
            .Select(static (all, _) => all.Left.Concat(all.Right).ToEquatableArray())
            .Combine(Hooks(context))
            .Select(static (all, _) => all.Left.Concat(all.Right).ToEquatableArray())
            .WithTrackingName(TrackingNames.Members);

        // Runs on every compilation, but its result compares equal until the references change, so nothing after it reruns.
        var extensions = context.CompilationProvider
            .Select(Parser.ParseExtensions)
            .WithTrackingName(TrackingNames.Extensions);

        // Custom codecs ([CodecName] classes) of the project are registered in every app, so settings can name them.
        var codecs = context.SyntaxProvider
            .ForAttributeWithMetadataName(Rules.RecordTypes.CodecNameAttributeName, static (node, _) => node is ClassDeclarationSyntax, Records.RecordParser.ParseCustomCodec)
            .Where(static codec => codec is not null)
            .Select(static (codec, _) => codec!)
            .Collect()
            .Select(static (all, _) => all.OrderBy(c => c.Type, StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.CustomCodecs);

        var models = apps
            .Combine(members)
            .Combine(extensions)
            .Combine(codecs)
            .Select(static (input, _) => Parser.BuildModel(input.Left.Left.Left, input.Left.Left.Right, input.Left.Right, input.Right))
            .WithTrackingName(TrackingNames.Models);

        context.RegisterSourceOutput(models, Emitter.Emit);

        // A FaustGen property of a class that is not an app is refused too, in a part of its own class.
        var strays = members
            .SelectMany(static (all, _) => Parser.BuildStrays(all))
            .WithTrackingName(TrackingNames.Strays);
        context.RegisterSourceOutput(strays, Emitter.EmitStrays);
    }

    /// <summary>The tables of the kinds with attributes of their own: windowed, global and set tables.</summary>
    private static IncrementalValueProvider<ImmutableArray<MemberSpec>> TableKinds(IncrementalGeneratorInitializationContext context) =>
        Members(context, KnownNames.WindowedTableAttribute, IsProperty, Parser.ParseTable, TrackingNames.WindowedTables)
            .Combine(Members(context, KnownNames.GlobalTableAttribute, IsProperty, Parser.ParseTable, TrackingNames.GlobalTables))
            .Combine(Members(context, KnownNames.SetTableAttribute, IsProperty, Parser.ParseTable, TrackingNames.SetTables))
            .Select(static (all, _) => all.Left.Left.AddRange(all.Left.Right).AddRange(all.Right));

    /// <summary>The lifecycle hooks: a method marked with one of the hook attributes.</summary>
    private static IncrementalValueProvider<ImmutableArray<MemberSpec>> Hooks(IncrementalGeneratorInitializationContext context)
    {
        var hooks = HookShapes.Attributes
            .Select(hook => Members(context, hook.Attribute, IsMethod, Parser.ParseHook, TrackingNames.Hooks))
            .ToList();
        var all = hooks[0];
        for (var i = 1; i < hooks.Count; i++)
        {
            all = all.Combine(hooks[i]).Select(static (pair, _) => pair.Left.AddRange(pair.Right));
        }

        return all;
    }

    private static bool IsProperty(SyntaxNode node, CancellationToken cancellationToken) => node is PropertyDeclarationSyntax;

    private static bool IsMethod(SyntaxNode node, CancellationToken cancellationToken) => node is MethodDeclarationSyntax;

    private static IncrementalValueProvider<ImmutableArray<MemberSpec>> Members(
        IncrementalGeneratorInitializationContext context,
        string attribute,
        Func<SyntaxNode, CancellationToken, bool> predicate,
        Func<GeneratorAttributeSyntaxContext, CancellationToken, MemberSpec?> parse,
        string trackingName) =>
        context.SyntaxProvider
            .ForAttributeWithMetadataName(attribute, predicate, parse)
            .Where(static member => member is not null)
            .Select(static (member, _) => member!)
            .WithTrackingName(trackingName)
            .Collect();
}
