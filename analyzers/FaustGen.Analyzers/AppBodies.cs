using System.Collections.Concurrent;
using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace FaustGen.Analyzers;

/// <summary>
/// What the bodies of an app's members do that the checks across members need: each write to one of the app's tables
/// (a table, a windowed table or a set table; a global table's writes go through its changelog, from anywhere), each
/// GroupBy of a concurrent agent, and each use of one of the app's private methods, with the member of the app that
/// makes it (a lambda or local function counts as the member it is in). Fed by operation actions that run only inside
/// the app class, and only when it has such tables or agents.
/// </summary>
internal sealed class AppBodies
{
    private readonly INamedTypeSymbol app;
    private readonly FaustTypes types;
    private readonly HashSet<IMethodSymbol> concurrentAgents;
    private readonly HashSet<string> tableProperties;

    private AppBodies(INamedTypeSymbol app, FaustTypes types, HashSet<IMethodSymbol> concurrentAgents, HashSet<string> tableProperties)
    {
        this.app = app;
        this.types = types;
        this.concurrentAgents = concurrentAgents;
        this.tableProperties = tableProperties;
    }

    /// <summary>Watches the bodies of <paramref name="app"/>'s members for its tables and its agents whose attribute asks for a concurrency above 1.</summary>
    public static AppBodies Create(INamedTypeSymbol app, FaustSymbols symbols)
    {
        var concurrentAgents = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var tableProperties = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in app.GetMembers())
        {
            if (member is IMethodSymbol method && FaustSymbols.Find(method, symbols.AgentAttribute) is { } agent &&
                AttributeArguments.TryGetNamed(agent, "Concurrency", out var concurrency) && AttributeArguments.AsInt32(concurrency) > 1)
            {
                concurrentAgents.Add(method);
            }
            else if (member is IPropertySymbol property && (FaustSymbols.Find(property, symbols.TableAttribute) ?? FaustSymbols.Find(property, symbols.WindowedTableAttribute) ??
                FaustSymbols.Find(property, symbols.SetTableAttribute)) is not null)
            {
                tableProperties.Add(property.Name);
            }
        }

        return new AppBodies(app, symbols.Types, concurrentAgents, tableProperties);
    }

    /// <summary>Whether anything is watched: without tables or concurrent agents, no operation action is needed.</summary>
    public bool IsWatching => concurrentAgents.Count > 0 || tableProperties.Count > 0;

    /// <summary>Each write to one of the app's table properties (the property's name), with the member that makes it.</summary>
    public ConcurrentQueue<(ISymbol Member, string Table, Location Location)> TableWrites { get; } = new();

    /// <summary>Each call of GroupBy by a concurrent agent.</summary>
    public ConcurrentQueue<(IMethodSymbol Agent, Location Location)> GroupBys { get; } = new();

    /// <summary>Each call, or use as a delegate, of one of the app's private methods, with the member that makes it.</summary>
    public ConcurrentQueue<(ISymbol Caller, IMethodSymbol Callee)> PrivateCalls { get; } = new();

    public void OnPropertyReference(OperationAnalysisContext context)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        if (reference.Property.IsIndexer && IsWritten(reference) && TableOf(reference.Instance) is { } table)
        {
            TableWrites.Enqueue((Member(context.ContainingSymbol), table, reference.Syntax.GetLocation()));
        }
    }

    public void OnInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        // The writes of Table (Set, Remove), WindowedTable (Update) and SetTable (Add, Discard and the set operations).
        if (method.Name is "Set" or "Remove" or "Update" or "Add" or "Discard" or "UnionWith" or "IntersectWith" or "ExceptWith" or "SymmetricExceptWith")
        {
            if (TableOf(invocation.Instance) is { } table)
            {
                TableWrites.Enqueue((Member(context.ContainingSymbol), table, invocation.Syntax.GetLocation()));
            }
        }
        else if (method.Name == "GroupBy" && FaustTypes.IsConstructionOf(method.ContainingType, types.KeyValueStream) &&
            Member(context.ContainingSymbol) is IMethodSymbol agent && concurrentAgents.Contains(agent))
        {
            GroupBys.Enqueue((agent, invocation.Syntax.GetLocation()));
        }

        OnUse(context, method);
    }

    public void OnMethodReference(OperationAnalysisContext context) => OnUse(context, ((IMethodReferenceOperation)context.Operation).Method);

    private void OnUse(OperationAnalysisContext context, IMethodSymbol method)
    {
        if (method is { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Private } && SymbolEqualityComparer.Default.Equals(method.ContainingType, app))
        {
            PrivateCalls.Enqueue((Member(context.ContainingSymbol), method.OriginalDefinition));
        }
    }

    // A lambda or local function belongs to the member it is written in.
    private static ISymbol Member(ISymbol symbol)
    {
        while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction, ContainingSymbol: { } outer })
        {
            symbol = outer;
        }

        return symbol;
    }

    // Only the app's own table properties: a table reached another way is not known to be one of them.
    private string? TableOf(IOperation? instance) =>
        instance is IPropertyReferenceOperation { Property: var property } &&
        (FaustTypes.IsConstructionOf(property.Type, types.Table) || FaustTypes.IsConstructionOf(property.Type, types.WindowedTable) ||
         FaustTypes.IsConstructionOf(property.Type, types.SetTable)) &&
        SymbolEqualityComparer.Default.Equals(property.ContainingType, app) &&
        tableProperties.Contains(property.Name)
            ? property.Name
            : null;

    private static bool IsWritten(IOperation reference)
    {
        var target = reference;
        while (target.Parent is ITupleOperation tuple)
        {
            target = tuple;
        }

        return target.Parent switch
        {
            IAssignmentOperation assignment => assignment.Target == target,
            IIncrementOrDecrementOperation increment => increment.Target == target,
            _ => false,
        };
    }
}
