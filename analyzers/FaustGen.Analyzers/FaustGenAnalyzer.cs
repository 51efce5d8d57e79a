using System.Collections.Concurrent;
using System.Collections.Immutable;
using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FaustGen.Analyzers;

/// <summary>
/// Reports what the generator leaves out of an [App] and why, with the generator's own rules, and what the runtime
/// would refuse when the app starts or while it runs (a table changed outside an agent).
/// </summary>
/// <remarks>
/// Work is scoped to what FaustGen marks: the runtime's symbols are resolved once per compilation, and nothing is
/// registered for a compilation without the runtime. Each [App] class is checked when it and its members' bodies have
/// been analyzed, with operation actions only inside apps that have tables or concurrent agents. Other types and
/// members get a look at their attributes ([Record], [CodecName], misplaced app members, containers of apps and
/// records). Only the two checks across apps wait for the end of the compilation.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FaustGenAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.AppNotPartial,
        Descriptors.AppKind,
        Descriptors.AppBase,
        Descriptors.AppDefinesDefine,
        Descriptors.MemberOutsideApp,
        Descriptors.AppId,
        Descriptors.BrokerUrl,
        Descriptors.StoreUrl,
        Descriptors.Setting,
        Descriptors.DuplicateAppId,
        Descriptors.TopicName,
        Descriptors.TopicNameMixesSeparators,
        Descriptors.TopicPropertyNotPartial,
        Descriptors.TopicPropertyType,
        Descriptors.Partitions,
        Descriptors.Retention,
        Descriptors.TopicTypes,
        Descriptors.CoPartitioning,
        Descriptors.AgentSignature,
        Descriptors.AsyncVoid,
        Descriptors.SourceTypes,
        Descriptors.SinkTypes,
        Descriptors.SinksWithoutResults,
        Descriptors.Concurrency,
        Descriptors.ConcurrentTableWrite,
        Descriptors.ConcurrentGroupBy,
        Descriptors.SharedTopic,
        Descriptors.DuplicateAgentName,
        Descriptors.AgentName,
        Descriptors.ErrorPolicy,
        Descriptors.DeadLetterWithoutPolicy,
        Descriptors.RetryCount,
        Descriptors.RetryDelay,
        Descriptors.RetryOn,
        Descriptors.TimerInterval,
        Descriptors.ScheduledSignature,
        Descriptors.HookSignature,
        Descriptors.TableName,
        Descriptors.TablePropertyNotPartial,
        Descriptors.TablePropertyType,
        Descriptors.TableDefault,
        Descriptors.DuplicateTable,
        Descriptors.ChangelogCollision,
        Descriptors.ChangelogCollisionAcrossApps,
        Descriptors.Window,
        Descriptors.WindowTime,
        Descriptors.WindowCloseHandler,
        Descriptors.TableWriteOutsideAgent,
        Descriptors.CodecName,
        Descriptors.CodecCannotCarry,
        Descriptors.DefaultCodecCannotCarry,
        Descriptors.RecordNotPartial,
        Descriptors.RecordKind,
        Descriptors.RecordConstructor,
        Descriptors.RecordMemberType,
        Descriptors.RecordFieldName,
        Descriptors.RecordSubtype,
        Descriptors.CustomCodec);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        if (FaustSymbols.Create(context.Compilation) is not { } symbols)
        {
            return;
        }

        var apps = new ConcurrentQueue<AppSummary>();
        context.RegisterSymbolStartAction(start => OnTypeStart(start, symbols, apps), SymbolKind.NamedType);
        context.RegisterSymbolAction(member => OnMember(member, symbols), SymbolKind.Method, SymbolKind.Property);
        context.RegisterSymbolAction(type => TypeChecker.Check(type, symbols), SymbolKind.NamedType);
        context.RegisterCompilationEndAction(end => ProjectChecks.Check(end, apps));
    }

    private static void OnTypeStart(SymbolStartAnalysisContext context, FaustSymbols symbols, ConcurrentQueue<AppSummary> apps)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (FaustSymbols.Find(type, symbols.AppAttribute) is not { } attribute)
        {
            return;
        }

        var bodies = AppBodies.Create(type, symbols);
        if (bodies.IsWatching)
        {
            context.RegisterOperationAction(bodies.OnPropertyReference, OperationKind.PropertyReference);
            context.RegisterOperationAction(bodies.OnInvocation, OperationKind.Invocation);
            context.RegisterOperationAction(bodies.OnMethodReference, OperationKind.MethodReference);
        }

        context.RegisterSymbolEndAction(end => apps.Enqueue(AppChecker.Check(end, symbols, type, attribute, bodies)));
    }

    // The generator reads members of [App] classes only; anywhere else the attributes do nothing.
    private static void OnMember(SymbolAnalysisContext context, FaustSymbols symbols)
    {
        var member = context.Symbol;
        if (member.GetAttributes().IsEmpty || member.ContainingType is not { } type || symbols.IsApp(type))
        {
            return;
        }

        foreach (var attribute in member.GetAttributes())
        {
            if (symbols.IsMemberAttribute(attribute.AttributeClass) &&
                attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is { } syntax)
            {
                var name = attribute.AttributeClass!.Name;
                var shortName = name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.MemberOutsideApp, syntax.GetLocation(), shortName, member.Name, type.Name));
            }
        }
    }
}
