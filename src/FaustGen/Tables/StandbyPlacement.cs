namespace FaustGen.Tables;

/// <summary>
/// Which partitions a worker keeps standby copies of: those Kafka's range assignor would give it if up to
/// <c>replicas</c> other workers were lost. Confluent.Kafka cannot run an assignor of ours, so placement mirrors
/// the one the group uses: range hands each member, in its order, a consecutive block of partitions, and the
/// current assignment (from the cluster map) shows that order. A worker that keeps these copies resumes the
/// partitions it takes over after such a loss with little or nothing to replay.
/// </summary>
internal static class StandbyPlacement
{
    /// <summary>At most this many loss scenarios are simulated (a very large group with many replicas).</summary>
    private const int MaxScenarios = 4096;

    /// <summary>
    /// The partitions <paramref name="self"/> should keep standby copies of.
    /// </summary>
    /// <param name="members">Every live worker and the partition numbers it owns now.</param>
    /// <param name="self">This worker's id.</param>
    /// <param name="partitions">The partition count of the app's source topics.</param>
    /// <param name="replicas">How many simultaneous losses to prepare for (<see cref="AppSettings.StandbyReplicas"/>).</param>
    public static SortedSet<int> Plan(IReadOnlyList<(string Id, IReadOnlyCollection<int> Partitions)> members, string self, int partitions, int replicas)
    {
        var plan = new SortedSet<int>();
        var order = AssignorOrder(members);
        var index = order.IndexOf(self);
        if (replicas <= 0 || index < 0 || order.Count < 2)
        {
            return plan;
        }

        var owned = members.First(m => m.Id == self).Partitions;
        var others = Enumerable.Range(0, order.Count).Where(i => i != index).ToArray();
        var scenarios = 0;
        foreach (var lost in Subsets(others, Math.Min(replicas, others.Length)))
        {
            if (++scenarios > MaxScenarios)
            {
                break;
            }

            var survivors = order.Where((_, i) => Array.IndexOf(lost, i) < 0).ToList();
            var (start, count) = RangeOf(survivors.IndexOf(self), survivors.Count, partitions);
            for (var p = start; p < start + count; p++)
            {
                if (!owned.Contains(p))
                {
                    plan.Add(p);
                }
            }
        }

        return plan;
    }

    /// <summary>The block of partitions range gives the member at <paramref name="index"/> of <paramref name="members"/>.</summary>
    public static (int Start, int Count) RangeOf(int index, int members, int partitions)
    {
        var per = partitions / members;
        var extra = partitions % members;
        return (index * per + Math.Min(index, extra), per + (index < extra ? 1 : 0));
    }

    /// <summary>
    /// The members in the assignor's order: range gives ascending blocks in member order, so sorting by the lowest
    /// partition owned recovers it; members that own nothing (more members than partitions) go last, by id.
    /// </summary>
    private static List<string> AssignorOrder(IReadOnlyList<(string Id, IReadOnlyCollection<int> Partitions)> members) =>
        [.. members
            .OrderBy(m => m.Partitions.Count == 0 ? int.MaxValue : m.Partitions.Min())
            .ThenBy(m => m.Id, StringComparer.Ordinal)
            .Select(m => m.Id)];

    /// <summary>Every non-empty subset of <paramref name="items"/> with at most <paramref name="size"/> elements.</summary>
    private static IEnumerable<int[]> Subsets(int[] items, int size)
    {
        for (var k = 1; k <= size; k++)
        {
            foreach (var subset in Combinations(items, k, 0))
            {
                yield return subset;
            }
        }
    }

    private static IEnumerable<int[]> Combinations(int[] items, int k, int from)
    {
        if (k == 0)
        {
            yield return [];
            yield break;
        }

        for (var i = from; i <= items.Length - k; i++)
        {
            foreach (var rest in Combinations(items, k - 1, i + 1))
            {
                yield return [items[i], .. rest];
            }
        }
    }
}
