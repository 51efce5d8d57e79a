using System.Collections.Immutable;
using System.Globalization;
using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FaustGen.Analyzers;

/// <summary>
/// Checks one [App] class: the class, its settings and members with the generator's rules, then what only shows
/// across members (duplicates, co-partitioning, codecs, concurrency). Runs once per app, when the analysis of the
/// class and its members' bodies is complete.
/// </summary>
internal sealed partial class AppChecker
{
    private readonly SymbolAnalysisContext context;
    private readonly FaustSymbols symbols;
    private readonly INamedTypeSymbol app;
    private readonly List<TopicMember> topics = new();
    private readonly List<TableMember> tables = new();
    private readonly List<AgentMember> agents = new();

    private AppChecker(SymbolAnalysisContext context, FaustSymbols symbols, INamedTypeSymbol app)
    {
        this.context = context;
        this.symbols = symbols;
        this.app = app;
    }

    private CancellationToken CancellationToken => context.CancellationToken;

    /// <summary>Checks the app <paramref name="app"/>; returns what the project-wide checks need of it.</summary>
    public static AppSummary Check(SymbolAnalysisContext context, FaustSymbols symbols, INamedTypeSymbol app, AttributeData attribute, AppBodies bodies)
    {
        var checker = new AppChecker(context, symbols, app);
        checker.CheckClass();
        var settings = checker.CheckSettings(attribute);
        checker.CheckMembers();
        _ = checker.CheckRetry(app);
        checker.CheckCodecs(settings);
        checker.CheckAgentsTogether(bodies);
        checker.CheckTableWritesOutsideAgents(bodies);
        checker.CheckTopicTypes();
        checker.CheckCoPartitioning();
        checker.CheckTables(settings.Id);
        return checker.Summarize(settings.Id, attribute);
    }

    private void CheckClass()
    {
        if (AppRules.Classify(app, symbols.Types, CancellationToken, out _) is not { } violation)
        {
            return;
        }

        switch (violation.Rule)
        {
            // A containing type that is not partial is reported when that type is analyzed (see TypeChecker).
            case RuleId.AppNotPartial when !AppRules.IsReportedByGenerator(violation, app, CancellationToken):
                foreach (var declaration in AppRules.NonPartialDeclarations(app, CancellationToken))
                {
                    Report(Descriptors.AppNotPartial, Locations.NameOf(declaration), app.Name, app.Name);
                }

                break;
            case RuleId.AppBase:
                Report(Descriptors.AppBase, Locations.Of(app, CancellationToken), app.Name, app.BaseType?.Name);
                break;
            case RuleId.AppDefinesDefine:
                foreach (var define in app.GetMembers("Define"))
                {
                    if (define is IMethodSymbol { Parameters.Length: 1 } method && FaustTypes.Is(method.Parameters[0].Type, symbols.Types.AppDefinition) &&
                        !method.DeclaringSyntaxReferences.All(r => r.SyntaxTree.FilePath.EndsWith(KnownNames.GeneratedFileSuffix, StringComparison.Ordinal)))
                    {
                        Report(Descriptors.AppDefinesDefine, Locations.Of(method, CancellationToken), app.Name);
                    }
                }

                break;
            case RuleId.AppKind:
                Report(Descriptors.AppKind, Locations.Of(app, CancellationToken), app.Name, violation.Message);
                break;
        }
    }

    /// <summary>Reports <paramref name="violation"/> of the generator's rules by <paramref name="member"/> under the id for its kind.</summary>
    private void Report(Violation violation, AttributeData attribute, ISymbol member, MemberKind kind)
    {
        if (Descriptors.For(violation.Rule, kind) is not { } descriptor)
        {
            return;
        }

        var text = violation.Argument is { } argument ? Text(ArgumentValue(attribute, argument, violation.Element)) : string.Empty;
        var message = violation.Message;
        var name = member.Name;
        object?[] arguments = violation.Rule switch
        {
            RuleId.Setting => [violation.Argument, message],
            RuleId.PropertyNotPartial or RuleId.AsyncVoid or RuleId.SinksWithoutResults or RuleId.AgentName or RuleId.ErrorPolicy => [name],
            RuleId.PropertyType or RuleId.Signature or RuleId.SourceTypes or RuleId.HookSignature or RuleId.RetryOn => [name, message],
            RuleId.SinkTypes => [name, text, message],
            RuleId.Concurrency or RuleId.TimerInterval => [name, text],
            RuleId.TableDefault or RuleId.Window or RuleId.WindowTime or RuleId.WindowCloseHandler => [Text(AttributeArguments.Constructor(attribute, 0)), message],

            // The value at fault and why: ids, URLs, topic, table and codec names, counts, durations.
            _ => [text, message],
        };
        var properties = violation.Rule switch
        {
            RuleId.TopicName or RuleId.TableName => TopicNameFix(text),
            RuleId.AsyncVoid => ReturnTypeFix,
            RuleId.Signature when kind == MemberKind.Agent => StreamAgentReturnFix((IMethodSymbol)member),
            _ => null,
        };
        Report(descriptor, Locations.Of(violation, attribute, member, CancellationToken), properties, arguments);
    }

    private void Report(DiagnosticDescriptor descriptor, Location location, params object?[] arguments) =>
        context.ReportDiagnostic(Diagnostic.Create(descriptor, location, arguments));

    private void Report(DiagnosticDescriptor descriptor, Location location, ImmutableDictionary<string, string?>? properties, params object?[] arguments) =>
        context.ReportDiagnostic(Diagnostic.Create(descriptor, location, properties, arguments));

    private void Report(DiagnosticDescriptor descriptor, Location location, Location? additional, params object?[] arguments) =>
        context.ReportDiagnostic(Diagnostic.Create(descriptor, location, additional is null ? null : new[] { additional }, arguments));

    private static readonly ImmutableDictionary<string, string?> ReturnTypeFix =
        ImmutableDictionary<string, string?>.Empty.Add(FixProperties.ReturnType, "global::System.Threading.Tasks.Task");

    // An async stream agent that returns ValueTask only needs Task in its place.
    private ImmutableDictionary<string, string?>? StreamAgentReturnFix(IMethodSymbol method) =>
        method.IsAsync && FaustTypes.Is(method.ReturnType, symbols.Types.ValueTask) && method.Parameters.Length > 0 &&
        (FaustTypes.IsConstructionOf(method.Parameters[0].Type, symbols.Types.ValueStream) || FaustTypes.IsConstructionOf(method.Parameters[0].Type, symbols.Types.KeyValueStream))
            ? ReturnTypeFix
            : null;

    // Each character Kafka rejects becomes '-', when that gives a valid name.
    private static ImmutableDictionary<string, string?>? TopicNameFix(string name)
    {
        var characters = name.ToCharArray();
        for (var i = 0; i < characters.Length; i++)
        {
            if (!Validation.Names.IsTopicNameCharacter(characters[i]))
            {
                characters[i] = '-';
            }
        }

        var fixedName = new string(characters);
        return fixedName != name && Validation.Names.TopicNameError(fixedName) is null
            ? ImmutableDictionary<string, string?>.Empty.Add(FixProperties.Replacement, fixedName)
            : null;
    }

    /// <summary>The constant given for <paramref name="argument"/> (see <see cref="Violation.Argument"/>), or its <paramref name="element"/>-th element.</summary>
    private static TypedConstant ArgumentValue(AttributeData attribute, string argument, int element)
    {
        var value = argument == Violation.ConstructorArgument
            ? AttributeArguments.Constructor(attribute, 0)
            : AttributeArguments.TryGetNamed(attribute, argument, out var named) ? named : default;
        return element >= 0 && value.Kind == TypedConstantKind.Array && element < value.Values.Length ? value.Values[element] : value;
    }

    /// <summary>A constant as a message shows it.</summary>
    private static string Text(TypedConstant value) => value.Kind switch
    {
        TypedConstantKind.Primitive or TypedConstantKind.Enum => value.Value switch
        {
            null => "null",
            string text => text,
            double number => number.ToString("R", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            var other => other.ToString(),
        },
        _ => string.Empty,
    };
}
