using System.Globalization;

namespace FaustGen.Transport;

/// <summary>
/// The brokers of setting <see cref="AppSettings.Broker"/> did not answer within <see cref="AppSettings.BrokerConnectTimeout"/>
/// when the app started (or the command line's <c>send</c> connected): the URL is wrong, the brokers are down, or this
/// machine does not reach them. The message names the setting, the hosts tried and the last failure the client saw.
/// </summary>
public sealed class BrokerUnreachableException : Exception
{
    /// <summary>Creates the exception for <paramref name="broker"/> (the setting's value), whose <paramref name="hosts"/>
    /// did not answer within <paramref name="timeout"/>; <paramref name="reason"/> is the last failure seen.</summary>
    public BrokerUnreachableException(string broker, IReadOnlyList<string> hosts, TimeSpan timeout, string reason, Exception? innerException = null)
        : base(string.Create(CultureInfo.InvariantCulture,
            $"Could not connect to the brokers of setting '{nameof(AppSettings.Broker)}' ({broker}, hosts {string.Join(", ", hosts)}) within {timeout.TotalSeconds:0.###} s: {reason}. " +
            $"Check the URL, that the brokers run and that this machine reaches them (setting '{nameof(AppSettings.BrokerConnectTimeout)}' says how long to wait)."),
            innerException)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        Broker = broker;
        Hosts = hosts;
        Timeout = timeout;
    }

    /// <summary>The broker URL (the setting's value).</summary>
    public string Broker { get; }

    /// <summary>The hosts tried (<c>host:port</c>).</summary>
    public IReadOnlyList<string> Hosts { get; }

    /// <summary>How long the client waited.</summary>
    public TimeSpan Timeout { get; }
}
