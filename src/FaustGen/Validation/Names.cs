// This file is compiled into the runtime, the generator and the analyzers, so a rule is written once
// (netstandard2.0-compatible C#: no newer BCL APIs).
namespace FaustGen.Validation;

/// <summary>The naming rules Kafka and FaustGen impose on topics and app ids.</summary>
internal static class Names
{
    /// <summary>The longest topic name Kafka accepts.</summary>
    public const int MaxTopicLength = 249;

    /// <summary>The longest suffix FaustGen appends to an app id to name an internal topic
    /// (<c>-{name}-changelog</c> is at least this long with a one-character table name).</summary>
    public const int InternalTopicSuffixReserve = 12;

    /// <summary>Why <paramref name="name"/> is not a topic name Kafka accepts, or null when it is one.</summary>
    public static string? TopicNameError(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a topic name must not be empty";
        }

        if (name == "." || name == "..")
        {
            return "'.' and '..' are not topic names";
        }

        if (name!.Length > MaxTopicLength)
        {
            return "a topic name has at most " + MaxTopicLength + " characters, this one has " + name.Length;
        }

        var bad = FirstInvalidCharacter(name);
        return bad < 0
            ? null
            : "'" + name[bad] + "' at position " + bad + " is not allowed; use only letters, digits, '.', '_' and '-'";
    }

    /// <summary>Whether <paramref name="name"/> mixes '.' and '_', which Kafka's metric names cannot tell apart.</summary>
    public static bool MixesPeriodAndUnderscore(string name) => name.IndexOf('.') >= 0 && name.IndexOf('_') >= 0;

    /// <summary>Why <paramref name="id"/> is not a usable app id, or null when it is one.</summary>
    public static string? AppIdError(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return "the app id must not be empty";
        }

        if (id!.Length > MaxTopicLength - InternalTopicSuffixReserve)
        {
            return "the app id prefixes internal topic names, so it has at most " + (MaxTopicLength - InternalTopicSuffixReserve) + " characters";
        }

        var bad = FirstInvalidCharacter(id);
        return bad < 0
            ? null
            : "'" + id[bad] + "' at position " + bad + " cannot be part of the internal topic names the id prefixes; use only letters, digits, '.', '_' and '-'";
    }

    /// <summary>The changelog topic of table <paramref name="table"/> of app <paramref name="appId"/>.</summary>
    public static string ChangelogTopic(string appId, string table) => appId + "-" + table + "-changelog";

    /// <summary>The repartition topic of stream <paramref name="name"/> of app <paramref name="appId"/>.</summary>
    public static string RepartitionTopic(string appId, string name) => appId + "-" + name + "-repartition";

    /// <summary>The default dead-letter topic of agent <paramref name="agent"/> of app <paramref name="appId"/>.</summary>
    public static string DeadLetterTopic(string appId, string agent) => appId + "-" + agent + "-dead-letter";

    /// <summary>Whether Kafka allows <paramref name="c"/> in a topic name: ASCII letters, digits, '.', '_' and '-'.</summary>
    public static bool IsTopicNameCharacter(char c) =>
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';

    private static int FirstInvalidCharacter(string name)
    {
        for (var i = 0; i < name.Length; i++)
        {
            if (!IsTopicNameCharacter(name[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
