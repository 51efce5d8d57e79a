using System.Net;

namespace FaustGen.Codecs;

/// <summary>
/// The schema registry refused a request, or did not answer after the retries; or a codec could not get its schema
/// from it. The message names the registry, the request and, from a codec, the codec, the topic and the subject.
/// </summary>
public sealed class SchemaRegistryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SchemaRegistryException(string message, HttpStatusCode? statusCode = null, int? errorCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>The HTTP status the registry answered, or null when it did not answer.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The registry's own error code (<c>error_code</c>, for example 40403 for an unknown schema), or null.</summary>
    public int? ErrorCode { get; }
}
