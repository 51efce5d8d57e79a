using FaustGen.Codecs;

namespace FaustGen;

/// <summary>The error handlers given in code (<see cref="AgentOptions.OnProcessingError"/>, <see cref="AgentOptions.OnDeserializationError"/>,
/// or the app's): they decide before the retry settings and the error policy.</summary>
internal sealed class ErrorHandlerMiddleware(ProcessingErrorHandler? processing, DeserializationErrorHandler? deserialization) : AgentMiddleware
{
    internal override bool ObservesEvents => false;

    public override ValueTask<ErrorAction?> OnErrorAsync(AgentEvent e, Exception error) => new(error is DeserializationException undecodable
        ? deserialization?.Invoke(e, undecodable)
        : processing?.Invoke(e, error));
}
