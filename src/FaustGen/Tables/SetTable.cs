using System.Collections.Immutable;

namespace FaustGen;

/// <summary>
/// A table whose values are sets (Faust's <c>SetTable</c>): agents add and discard members, or combine a key's set
/// with other members (union, intersection, difference), and each change that alters the set is recorded in the
/// changelog as the key's whole new set. A key whose set becomes empty is removed; a missing key reads as the empty set.
/// </summary>
/// <remarks>
/// Sets are immutable: a read returns a snapshot that later changes do not touch, so it can be kept, shared between
/// threads or combined with others (<see cref="ImmutableHashSet{T}.Union"/>, <c>Intersect</c>, <c>Except</c>) freely.
/// Like any table, it changes only while an agent processes an event, in the event's partition. Writing the whole set
/// keeps the compacted changelog correct; it makes a change cost the size of the set, so this table suits sets of up
/// to some thousands of members.
/// </remarks>
/// <typeparam name="TKey">The key's type.</typeparam>
/// <typeparam name="TMember">The members' type.</typeparam>
public class SetTable<TKey, TMember> : Table<TKey, ImmutableHashSet<TMember>>
    where TKey : notnull
    where TMember : notnull
{
    /// <summary>Creates a set table of <paramref name="app"/>; apps declare tables through their definition.</summary>
    protected internal SetTable(App app, string name, SetTableOptions options)
        : base(app, name, TableOptionsOf(app, name, options))
    {
    }

    /// <summary>Whether the set of <paramref name="key"/> holds <paramref name="member"/>.</summary>
    public bool Contains(TKey key, TMember member) => this[key].Contains(member);

    /// <summary>Adds <paramref name="member"/> to the set of <paramref name="key"/>; returns whether it was new (and the change recorded).</summary>
    /// <exception cref="InvalidOperationException">Called outside an agent's event.</exception>
    public bool Add(TKey key, TMember member)
    {
        var set = this[key];
        return Replace(key, set, set.Add(member));
    }

    /// <summary>Removes <paramref name="member"/> from the set of <paramref name="key"/>; returns whether it was there (and the change recorded).</summary>
    /// <exception cref="InvalidOperationException">Called outside an agent's event.</exception>
    public bool Discard(TKey key, TMember member)
    {
        var set = this[key];
        return Replace(key, set, set.Remove(member));
    }

    /// <summary>Adds every one of <paramref name="members"/> to the set of <paramref name="key"/> (union); returns whether it changed.</summary>
    /// <exception cref="InvalidOperationException">Called outside an agent's event.</exception>
    public bool UnionWith(TKey key, IEnumerable<TMember> members)
    {
        var set = this[key];
        return Replace(key, set, set.Union(members));
    }

    /// <summary>Keeps in the set of <paramref name="key"/> only the members also in <paramref name="members"/> (intersection);
    /// returns whether it changed.</summary>
    /// <exception cref="InvalidOperationException">Called outside an agent's event.</exception>
    public bool IntersectWith(TKey key, IEnumerable<TMember> members)
    {
        var set = this[key];
        return Replace(key, set, set.Intersect(members));
    }

    /// <summary>Removes every one of <paramref name="members"/> from the set of <paramref name="key"/> (difference); returns whether it changed.</summary>
    /// <exception cref="InvalidOperationException">Called outside an agent's event.</exception>
    public bool ExceptWith(TKey key, IEnumerable<TMember> members)
    {
        var set = this[key];
        return Replace(key, set, set.Except(members));
    }

    /// <summary>Keeps in the set of <paramref name="key"/> the members in it or in <paramref name="members"/> but not both
    /// (symmetric difference); returns whether it changed.</summary>
    /// <exception cref="InvalidOperationException">Called outside an agent's event.</exception>
    public bool SymmetricExceptWith(TKey key, IEnumerable<TMember> members)
    {
        var set = this[key];
        return Replace(key, set, set.SymmetricExcept(members));
    }

    private static TableOptions<ImmutableHashSet<TMember>> TableOptionsOf(App app, string name, SetTableOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TableOptions<ImmutableHashSet<TMember>>
        {
            Default = ImmutableHashSet<TMember>.Empty,
            Partitions = options.Partitions,
            KeySerializer = options.KeySerializer,
            ValueSerializer = new SetCodec<TMember>(app, name, options.MemberSerializer),
            Help = options.Help,
        };
    }

    /// <summary>Records <paramref name="next"/> for <paramref name="key"/> unless it holds what <paramref name="current"/> does.</summary>
    private bool Replace(TKey key, ImmutableHashSet<TMember> current, ImmutableHashSet<TMember> next)
    {
        // The set operations return the same instance when nothing changes, but not all of them always do.
        if (ReferenceEquals(current, next) || (next.Count == current.Count && next.SetEquals(current)))
        {
            return false;
        }

        if (next.IsEmpty)
        {
            Remove(key);
        }
        else
        {
            Set(key, next);
        }

        return true;
    }
}
