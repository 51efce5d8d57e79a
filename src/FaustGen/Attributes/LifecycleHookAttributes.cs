namespace FaustGen;

/// <summary>
/// Marks a method of an <see cref="AppAttribute">[App]</see> class as a lifecycle hook, called after one of the app's
/// signals (Faust's <c>on_started</c>, <c>on_partitions_assigned</c>, …). Hooks run one at a time in the order their
/// events happened, never on the poll loop. A hook returns <c>void</c>, <c>Task</c> or <c>ValueTask</c> and takes an
/// optional <c>CancellationToken</c>, after the partitions for the hooks that get them.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public abstract class LifecycleHookAttribute : Attribute
{
    private protected LifecycleHookAttribute()
    {
    }
}

/// <summary>Called once the app has started: <c>void M([CancellationToken])</c>.</summary>
public sealed class OnStartedAttribute : LifecycleHookAttribute
{
}

/// <summary>Called when the app begins to stop, before anything stops (within the shutdown timeout): <c>void M([CancellationToken])</c>.</summary>
public sealed class OnStoppingAttribute : LifecycleHookAttribute
{
}

/// <summary>Called with each new assignment: <c>void M(IReadOnlyCollection&lt;TopicPartition&gt; partitions, [CancellationToken])</c>.</summary>
public sealed class OnPartitionsAssignedAttribute : LifecycleHookAttribute
{
}

/// <summary>Called with the partitions taken away, once what they did is committed:
/// <c>void M(IReadOnlyCollection&lt;TopicPartition&gt; partitions, [CancellationToken])</c>.</summary>
public sealed class OnPartitionsRevokedAttribute : LifecycleHookAttribute
{
}

/// <summary>Called once the tables of each new assignment are rebuilt: <c>void M([CancellationToken])</c>.</summary>
public sealed class OnRecoveryCompleteAttribute : LifecycleHookAttribute
{
}
