using FaustGen.Codecs;

namespace FaustGen;

/// <summary>Decides what becomes of an event whose processing threw <paramref name="error"/>; null leaves it to the agent's
/// retry settings and error policy.</summary>
public delegate ErrorAction? ProcessingErrorHandler(AgentEvent e, Exception error);

/// <summary>Decides what becomes of an event whose key or value did not decode; null leaves it to the agent's error
/// policy (a payload that does not decode is never retried unless this says so).</summary>
public delegate ErrorAction? DeserializationErrorHandler(AgentEvent e, DeserializationException error);
