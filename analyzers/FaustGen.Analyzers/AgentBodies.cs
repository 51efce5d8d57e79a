using System.Collections.Concurrent;
using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace FaustGen.Analyzers;

/// <summary>
/// What the bodies of an app's concurrent agents do that needs concurrency 1: writing to one of the app's tables
/// (a table, a windowed table or a set table; a global table's writes go through its changelog), or repartitioning with GroupBy. Fed by operation actions that run only inside the app class, and only look
/// further when the operation is in such an agent.
/// </summary>
internal sealed class AgentBodies
{
    private readonly INamedTypeSymbol app;
    private readonly FaustTypes types;
    private readonly HashSet<IMethodSymbol> watched;
    private readonly HashSet<string> tableProperties;

    private AgentBodies(INamedTypeSymbol app, FaustTypes types, HashSet<IMethodSymbol> watched, HashSet<string> tableProperties)
    {
        this.app = app;
        this.types = types;
        this.watched = watched;
        this.tableProperties = tableProperties;
    }

    /// <summary>Watches the agents of <paramref name="app"/> whose attribute asks for a concurrency above 1.</summary>
    public static AgentBodies Create(INamedTypeSymbol app, FaustSymbols symbols)
    {
        var watched = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var tableProperties = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in app.GetMembers())
        {
            if (member is IMethodSymbol method && FaustSymbols.Find(method, symbols.AgentAttribute) is { } agent &&
                AttributeArguments.TryGetNamed(agent, "Concurrency", out var concurrency) && AttributeArguments.AsInt32(concurrency) > 1)
            {
                watched.Add(method);
            }
            else if (member is IPropertySymbol property && (FaustSymbols.Find(property, symbols.TableAttribute) ?? FaustSymbols.Find(property, symbols.WindowedTableAttribute) ??
                FaustSymbols.Find(property, symbols.SetTableAttribute)) is not null)
            {
                tableProperties.Add(property.Name);
            }
        }

        return new AgentBodies(app, symbols.Types, watched, tableProperties);
    }

    /// <summary>Whether any agent is watched; when none is, no operation action is needed.</summary>
    public bool IsWatching => watched.Count > 0;

    /// <summary>Each write of a watched agent to one of the app's table properties (the property's name).</summary>
    public ConcurrentQueue<(IMethodSymbol Agent, string Table, Location Location)> TableWrites { get; } = new();

    /// <summary>Each call of GroupBy by a watched agent.</summary>
    public ConcurrentQueue<(IMethodSymbol Agent, Location Location)> GroupBys { get; } = new();

    public void OnPropertyReference(OperationAnalysisContext context)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        if (reference.Property.IsIndexer && IsWritten(reference) && TableOf(reference.Instance) is { } table && Agent(context.ContainingSymbol) is { } agent)
        {
            TableWrites.Enqueue((agent, table, reference.Syntax.GetLocation()));
        }
    }

    public void OnInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        // The writes of Table (Set, Remove), WindowedTable (Update) and SetTable (Add, Discard and the set operations).
        if (method.Name is "Set" or "Remove" or "Update" or "Add" or "Discard" or "UnionWith" or "IntersectWith" or "ExceptWith" or "SymmetricExceptWith")
        {
            if (TableOf(invocation.Instance) is { } table && Agent(context.ContainingSymbol) is { } agent)
            {
                TableWrites.Enqueue((agent, table, invocation.Syntax.GetLocation()));
            }
        }
        else if (method.Name == "GroupBy" && FaustTypes.IsConstructionOf(method.ContainingType, types.KeyValueStream) &&
            Agent(context.ContainingSymbol) is { } agent)
        {
            GroupBys.Enqueue((agent, invocation.Syntax.GetLocation()));
        }
    }

    // A lambda or local function in an agent counts as the agent.
    private IMethodSymbol? Agent(ISymbol? symbol)
    {
        for (; symbol is IMethodSymbol method; symbol = method.ContainingSymbol)
        {
            if (watched.Contains(method))
            {
                return method;
            }
        }

        return null;
    }

    // Only the app's own [Table] properties: a table reached another way is not known to be one of them.
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
