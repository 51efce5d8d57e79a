// This file is compiled into the runtime, the generator and the analyzers, so a rule is written once
// (netstandard2.0-compatible C#: no newer BCL APIs).
using System;
using System.Collections.Generic;

namespace FaustGen.Validation;

/// <summary>
/// The grammar of codec names in settings: a format that turns values into bytes, optionally followed by
/// byte transforms separated by '|' (Faust's chaining, for example <c>json|binary</c>).
/// </summary>
internal static class CodecNames
{
    /// <summary>The built-in formats (values to bytes).</summary>
    public static readonly string[] Formats = { "json", "msgpack", "avro", "json-schema", "raw", "string" };

    /// <summary>The built-in byte transforms (bytes to bytes), usable after a format.</summary>
    public static readonly string[] Transforms = { "binary" };

    /// <summary>The parts of a codec expression, trimmed.</summary>
    public static string[] Parts(string name)
    {
        var parts = name.Split('|');
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = parts[i].Trim();
        }

        return parts;
    }

    /// <summary>
    /// Why <paramref name="name"/> is not a usable codec expression, or null when it is. Custom codecs
    /// (<paramref name="customFormats"/>) count as formats.
    /// </summary>
    public static string? Error(string? name, ICollection<string> customFormats)
    {
        if (name is null || name.Trim().Length == 0)
        {
            return "a codec name must not be empty";
        }

        var parts = Parts(name);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.Length == 0)
            {
                return "'" + name + "' has an empty part";
            }

            var isFormat = Array.IndexOf(Formats, part) >= 0 || customFormats.Contains(part);
            var isTransform = Array.IndexOf(Transforms, part) >= 0;
            if (!isFormat && !isTransform)
            {
                return "unknown codec '" + part + "'" + (Nearest(part, customFormats) is { } near ? "; did you mean '" + near + "'?" : string.Empty);
            }

            if (i == 0 && !isFormat)
            {
                return "'" + part + "' transforms bytes, so it comes after a format, as in json|" + part;
            }

            if (i > 0 && !isTransform)
            {
                return "'" + part + "' is a format; only byte transforms (" + string.Join(", ", Transforms) + ") may follow the first part";
            }
        }

        return null;
    }

    /// <summary>The known name closest to <paramref name="unknown"/> (edit distance at most 2), or null.</summary>
    public static string? Nearest(string unknown, ICollection<string> customFormats)
    {
        string? best = null;
        var bestDistance = 3;
        foreach (var candidate in Known(customFormats))
        {
            var distance = Distance(unknown.ToLowerInvariant(), candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>What kind of type a format is asked to carry.</summary>
    public enum TypeKind
    {
        /// <summary><c>byte[]</c> or <c>ReadOnlyMemory&lt;byte&gt;</c>.</summary>
        Bytes,

        /// <summary><c>string</c>.</summary>
        String,

        /// <summary>A number, bool, char, Guid, decimal, date/time, TimeSpan, enum, or a nullable of one.</summary>
        Primitive,

        /// <summary>A <c>[Record]</c> type.</summary>
        Record,

        /// <summary>Anything else.</summary>
        Other,
    }

    /// <summary>Whether the built-in format <paramref name="format"/> can carry a type of <paramref name="kind"/>
    /// (custom formats are not judged: true).</summary>
    public static bool CanCarry(string format, TypeKind kind)
    {
        switch (format)
        {
            case "raw":
                return kind is TypeKind.Bytes or TypeKind.String;
            case "string":
                return kind is TypeKind.String or TypeKind.Primitive;
            case "json":
            case "msgpack":
                return kind is TypeKind.String or TypeKind.Primitive or TypeKind.Record or TypeKind.Bytes;
            case "avro":
                return kind is TypeKind.String or TypeKind.Primitive or TypeKind.Record or TypeKind.Bytes;
            case "json-schema":
                return kind is TypeKind.Record;
            default:
                return true;
        }
    }

    private static IEnumerable<string> Known(ICollection<string> customFormats)
    {
        foreach (var f in Formats)
        {
            yield return f;
        }

        foreach (var t in Transforms)
        {
            yield return t;
        }

        foreach (var c in customFormats)
        {
            yield return c;
        }
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
