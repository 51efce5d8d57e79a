using FaustGen.Codecs;

namespace FaustGen;

/// <summary>Retries the errors the agent's <see cref="RetryOptions"/> name (a payload that does not decode never gets
/// better, so it is not retried); how, and for how long, is the retry machinery's business.</summary>
internal sealed class RetryMiddleware(RetryOptions options) : AgentMiddleware
{
    internal override bool ObservesEvents => false;

    public override ValueTask<ErrorAction?> OnErrorAsync(AgentEvent e, Exception error) =>
        new(error is not DeserializationException && options.Retries(error) ? ErrorAction.Retry : null);
}
