namespace FaustGen.Transport;

/// <summary>Makes the transport for the broker URLs of one scheme.</summary>
public interface ITransportFactory
{
    /// <summary>The URL scheme, for example <c>kafka</c>.</summary>
    string Scheme { get; }

    /// <summary>Creates a transport for the app that <paramref name="context"/> describes (its broker URL has this scheme).</summary>
    ITransport Create(TransportContext context);
}
