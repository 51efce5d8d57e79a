using System.ComponentModel;

namespace FaustGen.Codecs;

/// <summary>Collects the entries of a dictionary being decoded, then makes it at its exact size; a repeated key keeps its last value.</summary>
/// <typeparam name="T">The value type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct KeyedBuffer<T>
{
    private ElementBuffer<KeyValuePair<string, T>> entries;

    /// <summary>Creates an empty buffer.</summary>
    public KeyedBuffer()
    {
        entries = new ElementBuffer<KeyValuePair<string, T>>();
    }

    /// <summary>Adds an entry.</summary>
    public void Add(string key, T value)
    {
        entries.Add(new KeyValuePair<string, T>(key, value));
    }

    /// <summary>The entries as a dictionary, returning the pooled array.</summary>
    public Dictionary<string, T> ToDictionary()
    {
        var result = new Dictionary<string, T>(entries.Count);
        foreach (var (key, value) in entries.Items)
        {
            result[key] = value;
        }

        entries.Release();
        return result;
    }
}
