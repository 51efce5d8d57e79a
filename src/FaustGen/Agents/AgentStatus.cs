namespace FaustGen;

/// <summary>What an agent is and how it is doing.</summary>
/// <param name="Name">The agent's name.</param>
/// <param name="Topic">The topic it consumes.</param>
/// <param name="Concurrency">How many actors run it.</param>
/// <param name="Processed">Events processed.</param>
/// <param name="Failed">Events whose processing failed.</param>
/// <param name="Crashed">Whether it stopped on an error (policy <see cref="AgentErrorPolicy.Stop"/>).</param>
/// <param name="LastError">The last error, or null.</param>
/// <param name="InFlight">Events its actors are processing now.</param>
public sealed record AgentStatus(string Name, string Topic, int Concurrency, long Processed, long Failed, bool Crashed, Exception? LastError, int InFlight);
