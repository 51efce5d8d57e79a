// This file is compiled into the runtime, the generator and the analyzers, so a rule is written once
// (netstandard2.0-compatible C#: no newer BCL APIs).
using System;
using System.Collections.Generic;

namespace FaustGen.Validation;

/// <summary>Parses and checks broker and store URLs.</summary>
internal static class Urls
{
    /// <summary>The broker schemes FaustGen knows.</summary>
    public static readonly string[] BrokerSchemes = { "kafka", "embedded", "memory" };

    /// <summary>The store schemes FaustGen knows.</summary>
    public static readonly string[] StoreSchemes = { "memory", "rocksdb" };

    /// <summary>Splits <paramref name="url"/> into its scheme and the rest, or returns false when it has no <c>scheme://</c>.</summary>
    public static bool TrySplit(string? url, out string scheme, out string rest)
    {
        scheme = string.Empty;
        rest = string.Empty;
        if (url is null)
        {
            return false;
        }

        var at = url.IndexOf("://", StringComparison.Ordinal);
        if (at <= 0)
        {
            return false;
        }

        scheme = url.Substring(0, at).ToLowerInvariant();
        rest = url.Substring(at + 3);
        return true;
    }

    /// <summary>
    /// Why <paramref name="url"/> is not a broker URL FaustGen can use, or null when it is one. A scheme in
    /// <paramref name="extensionSchemes"/> (a transport an extension registered) is accepted as it is.
    /// </summary>
    public static string? BrokerUrlError(string? url, ICollection<string>? extensionSchemes = null)
    {
        if (!TrySplit(url, out var scheme, out var rest))
        {
            return "expected scheme://…, for example kafka://localhost:9092, embedded:// or memory://";
        }

        switch (scheme)
        {
            case "kafka":
                return HostPortListError(rest);
            case "embedded":
                return rest.Length == 0 || (int.TryParse(rest, out var brokers) && brokers is >= 1 and <= 16) || IsEmbeddedClusterName(rest)
                    ? null
                    : "embedded:// takes an optional broker count from 1 to 16 (embedded://3) or the name of a cluster started in the process (embedded://orders-test)";
            case "memory":
                return null;
            default:
                return extensionSchemes is not null && extensionSchemes.Contains(scheme)
                    ? null
                    : "unknown scheme '" + scheme + "'; expected one of " + string.Join(", ", BrokerSchemes);
        }
    }

    /// <summary>
    /// Why <paramref name="url"/> is not a store URL FaustGen can use, or null when it is one. A scheme in
    /// <paramref name="extensionSchemes"/> (a store an extension registered) is accepted as it is.
    /// </summary>
    public static string? StoreUrlError(string? url, ICollection<string>? extensionSchemes = null)
    {
        if (!TrySplit(url, out var scheme, out _))
        {
            return "expected memory:// or rocksdb://[data directory]";
        }

        return Array.IndexOf(StoreSchemes, scheme) >= 0 || (extensionSchemes is not null && extensionSchemes.Contains(scheme))
            ? null
            : "unknown scheme '" + scheme + "'; expected one of " + string.Join(", ", StoreSchemes);
    }

    /// <summary>Whether <paramref name="name"/> can name an embedded cluster: letters, digits, '.', '_' and '-',
    /// starting with a letter (so it is never a broker count).</summary>
    public static bool IsEmbeddedClusterName(string name)
    {
        if (name.Length == 0 || name.Length > 100 || !IsAsciiLetter(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(IsAsciiLetter(c) || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The <c>host:port</c> pairs of a <c>kafka://</c> URL's rest, separated by ';' (or ',').</summary>
    public static List<string> HostPorts(string rest)
    {
        var list = new List<string>();
        foreach (var part in rest.Split(';', ','))
        {
            var trimmed = part.Trim();
            if (trimmed.Length > 0)
            {
                list.Add(trimmed);
            }
        }

        return list;
    }

    private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

    private static string? HostPortListError(string rest)
    {
        var hosts = HostPorts(rest);
        if (hosts.Count == 0)
        {
            return "kafka:// needs at least one host:port, for example kafka://localhost:9092";
        }

        foreach (var host in hosts)
        {
            var colon = host.LastIndexOf(':');
            if (colon <= 0 || colon == host.Length - 1)
            {
                return "'" + host + "' is not host:port";
            }

            if (!int.TryParse(host.Substring(colon + 1), out var port) || port < 1 || port > 65535)
            {
                return "'" + host.Substring(colon + 1) + "' in '" + host + "' is not a port from 1 to 65535";
            }
        }

        return null;
    }
}
