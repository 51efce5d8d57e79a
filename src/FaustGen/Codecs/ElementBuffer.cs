using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FaustGen.Codecs;

/// <summary>
/// Collects the elements of a collection being decoded in a pooled array, then makes the result at its exact size,
/// so decoding allocates only the resulting collection.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct ElementBuffer<T>
{
    private T[] items;
    private int count;

    /// <summary>Creates an empty buffer.</summary>
    public ElementBuffer()
    {
        items = [];
    }

    /// <summary>Adds an element.</summary>
    public void Add(T item)
    {
        if (count == items.Length)
        {
            Grow();
        }

        items[count++] = item;
    }

    /// <summary>The number of elements added.</summary>
    public readonly int Count => count;

    /// <summary>The elements added so far; valid until <see cref="Release"/>.</summary>
    public readonly ReadOnlySpan<T> Items => items.AsSpan(0, count);

    /// <summary>The elements as an array, returning the pooled one.</summary>
    public T[] ToArray()
    {
        var result = count == 0 ? [] : items.AsSpan(0, count).ToArray();
        Release();
        return result;
    }

    /// <summary>The elements as a list of their exact count, returning the pooled array.</summary>
    public List<T> ToList()
    {
        var result = new List<T>(count);
        CollectionsMarshal.SetCount(result, count);
        items.AsSpan(0, count).CopyTo(CollectionsMarshal.AsSpan(result));
        Release();
        return result;
    }

    private void Grow()
    {
        var larger = ArrayPool<T>.Shared.Rent(Math.Max(8, items.Length * 2));
        items.AsSpan(0, count).CopyTo(larger);
        var kept = count;
        Release();
        items = larger;
        count = kept;
    }

    /// <summary>Returns the pooled array; the buffer is empty afterwards.</summary>
    public void Release()
    {
        if (items.Length > 0)
        {
            ArrayPool<T>.Shared.Return(items, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }

        items = [];
        count = 0;
    }
}
