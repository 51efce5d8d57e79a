using System.Collections;
using System.Text;

namespace FaustGen;

/// <summary>The headers of a message: an ordered list of names with byte values; a name may repeat.</summary>
public sealed class MessageHeaders : IReadOnlyList<KeyValuePair<string, byte[]>>
{
    private readonly List<KeyValuePair<string, byte[]>> headers = [];

    /// <inheritdoc/>
    public int Count => headers.Count;

    /// <inheritdoc/>
    public KeyValuePair<string, byte[]> this[int index] => headers[index];

    /// <summary>Adds a header.</summary>
    public MessageHeaders Add(string name, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        headers.Add(new(name, value));
        return this;
    }

    /// <summary>Adds a header whose value is <paramref name="value"/> in UTF-8.</summary>
    public MessageHeaders Add(string name, string value) => Add(name, Encoding.UTF8.GetBytes(value));

    /// <summary>The value of the last header named <paramref name="name"/>, or null.</summary>
    public byte[]? GetLast(string name)
    {
        for (var i = headers.Count - 1; i >= 0; i--)
        {
            if (headers[i].Key == name)
            {
                return headers[i].Value;
            }
        }

        return null;
    }

    /// <summary>The value of the last header named <paramref name="name"/> read as UTF-8, or null.</summary>
    public string? GetLastString(string name) => GetLast(name) is { } value ? Encoding.UTF8.GetString(value) : null;

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, byte[]>> GetEnumerator() => headers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
