using System.Text;

namespace FaustGen.Monitoring;

/// <summary>
/// A <see cref="Type"/>'s name as C# writes it, for people reading the web site, the dashboard and the command line:
/// <c>Windowed&lt;string&gt;</c> rather than <c>Windowed`1</c>, <c>int?</c>, <c>long[,][]</c>, <c>(int, string)</c>,
/// <c>Outer&lt;int&gt;.Inner</c>. Namespaces are left out, as code that imports them writes the name.
/// </summary>
/// <remarks>Only reads what reflection keeps under Native AOT (names, generic arguments, element and declaring
/// types); it never constructs a type.</remarks>
internal static class CSharpTypeNames
{
    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(bool)] = "bool",
        [typeof(byte)] = "byte",
        [typeof(sbyte)] = "sbyte",
        [typeof(char)] = "char",
        [typeof(short)] = "short",
        [typeof(ushort)] = "ushort",
        [typeof(int)] = "int",
        [typeof(uint)] = "uint",
        [typeof(long)] = "long",
        [typeof(ulong)] = "ulong",
        [typeof(nint)] = "nint",
        [typeof(nuint)] = "nuint",
        [typeof(float)] = "float",
        [typeof(double)] = "double",
        [typeof(decimal)] = "decimal",
        [typeof(string)] = "string",
        [typeof(object)] = "object",
        [typeof(void)] = "void",
    };

    /// <summary>The name of <paramref name="type"/> as C# writes it.</summary>
    public static string Of(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var name = new StringBuilder();
        Append(name, type);
        return name.ToString();
    }

    private static void Append(StringBuilder name, Type type)
    {
        if (Keywords.TryGetValue(type, out var keyword))
        {
            name.Append(keyword);
        }
        else if (type.IsArray)
        {
            AppendArray(name, type);
        }
        else if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            Append(name, underlying);
            name.Append('?');
        }
        else if (IsTuple(type))
        {
            AppendTuple(name, type);
        }
        else
        {
            AppendNamed(name, type, type.IsGenericType ? type.GetGenericArguments() : []);
        }
    }

    /// <summary>C# writes the ranks outermost first (<c>int[,][]</c> is a 2-D array of <c>int[]</c>), the reverse of
    /// reflection's <c>Int32[][,]</c>.</summary>
    private static void AppendArray(StringBuilder name, Type type)
    {
        var ranks = new List<int>();
        var element = type;
        while (element.IsArray)
        {
            ranks.Add(element.GetArrayRank());
            element = element.GetElementType()!;
        }

        Append(name, element);
        foreach (var rank in ranks)
        {
            name.Append('[').Append(',', rank - 1).Append(']');
        }
    }

    /// <summary>Value tuples of two or more elements are written <c>(int, string)</c>; past seven, their last
    /// argument is a tuple of the rest, which C# writes in the same parentheses.</summary>
    private static bool IsTuple(Type type) =>
        type.IsGenericType && type.IsValueType && type.Namespace == "System" && type.Name.StartsWith("ValueTuple`", StringComparison.Ordinal)
        && type.GetGenericArguments().Length >= 2;

    private static void AppendTuple(StringBuilder name, Type type)
    {
        name.Append('(');
        var first = true;
        for (var tuple = type; ; tuple = tuple.GetGenericArguments()[^1])
        {
            var arguments = tuple.GetGenericArguments();
            var rest = arguments.Length == 8 ? 7 : arguments.Length;
            for (var i = 0; i < rest; i++)
            {
                name.Append(first ? string.Empty : ", ");
                Append(name, arguments[i]);
                first = false;
            }

            if (arguments.Length < 8)
            {
                break;
            }
        }

        name.Append(')');
    }

    /// <summary>A named type, after its containing types; returns how many of <paramref name="arguments"/> it and they
    /// took. A nested type's generic arguments hold its containing types' first, each of those taking as many as its
    /// own name's arity says (<c>Outer`1+Inner`1</c> has two: one for <c>Outer</c>, one for <c>Inner</c>).</summary>
    private static int AppendNamed(StringBuilder name, Type type, Type[] arguments)
    {
        var used = 0;
        if (type.IsNested && !type.IsGenericParameter)
        {
            used = AppendNamed(name, type.DeclaringType!, arguments);
            name.Append('.');
        }

        var tick = type.Name.IndexOf('`', StringComparison.Ordinal);
        if (tick < 0 || !int.TryParse(type.Name.AsSpan(tick + 1), System.Globalization.CultureInfo.InvariantCulture, out var count) || used + count > arguments.Length)
        {
            name.Append(type.Name);
            return used;
        }

        name.Append(type.Name, 0, tick).Append('<');
        for (var i = 0; i < count; i++)
        {
            name.Append(i == 0 ? string.Empty : ", ");
            Append(name, arguments[used + i]);
        }

        name.Append('>');
        return used + count;
    }
}
