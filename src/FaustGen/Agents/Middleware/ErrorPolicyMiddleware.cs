namespace FaustGen;

/// <summary>The agent's <see cref="AgentErrorPolicy"/>, the shorthand for an error handler: the decision of last resort.</summary>
internal sealed class ErrorPolicyMiddleware(AgentErrorPolicy policy) : AgentMiddleware
{
    internal override bool ObservesEvents => false;

    public override ValueTask<ErrorAction?> OnErrorAsync(AgentEvent e, Exception error) => new(policy switch
    {
        AgentErrorPolicy.Stop => ErrorAction.StopAgent,
        AgentErrorPolicy.DeadLetter => ErrorAction.DeadLetter,
        _ => ErrorAction.Skip,
    });
}
