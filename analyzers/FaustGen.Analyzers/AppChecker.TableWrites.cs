using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;

namespace FaustGen.Analyzers;

internal sealed partial class AppChecker
{
    /// <summary>
    /// The runtime lets a table (not a global one) be changed only while an agent processes an event, and throws
    /// otherwise. A write is fine in an agent, in a window close handler (called while an agent's write closes windows),
    /// and in a private method that only those call, directly or through other such methods; anywhere else in the app
    /// (a timer, a startup task, any other member) it is reported.
    /// </summary>
    private void CheckTableWritesOutsideAgents(AppBodies bodies)
    {
        if (bodies.TableWrites.IsEmpty)
        {
            return;
        }

        var duringEvents = MembersRunDuringEvents(bodies);
        foreach (var write in bodies.TableWrites)
        {
            if (!duringEvents.Contains(write.Member))
            {
                var table = tables.Find(t => t.Property.Name == write.Table)?.Declaration.Name ?? write.Table;
                Report(Descriptors.TableWriteOutsideAgent, write.Location, NameOf(write.Member), table);
            }
        }
    }

    private HashSet<ISymbol> MembersRunDuringEvents(AppBodies bodies)
    {
        var members = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var scheduled = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var method in app.GetMembers().OfType<IMethodSymbol>())
        {
            if (FaustSymbols.Find(method, symbols.AgentAttribute) is not null)
            {
                members.Add(method);
            }
            else if (FaustSymbols.Find(method, symbols.TimerAttribute) is not null || FaustSymbols.Find(method, symbols.StartupTaskAttribute) is not null)
            {
                scheduled.Add(method);
            }
        }

        foreach (var table in tables)
        {
            if (table.Declaration.Window.OnWindowClose is { } handler)
            {
                members.Add(handler);
            }
        }

        // A private method joins once every use of it (other than its own recursion) is in a member that does; the
        // generated code also calls timers and startup tasks, so they never join.
        var callers = new Dictionary<ISymbol, List<ISymbol>>(SymbolEqualityComparer.Default);
        foreach (var (caller, callee) in bodies.PrivateCalls)
        {
            if (!scheduled.Contains(callee) && !SymbolEqualityComparer.Default.Equals(caller, callee))
            {
                if (!callers.TryGetValue(callee, out var uses))
                {
                    callers.Add(callee, uses = new List<ISymbol>());
                }

                uses.Add(caller);
            }
        }

        bool joined;
        do
        {
            joined = false;
            foreach (var use in callers)
            {
                if (!members.Contains(use.Key) && use.Value.TrueForAll(members.Contains))
                {
                    joined |= members.Add(use.Key);
                }
            }
        }
        while (joined);

        return members;
    }

    // How a message names a member: a constructor by its class, an accessor by its property.
    private static string NameOf(ISymbol member) => member switch
    {
        IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } constructor => constructor.ContainingType.Name,
        IMethodSymbol { AssociatedSymbol: { } property } => property.Name,
        _ => member.Name,
    };
}
