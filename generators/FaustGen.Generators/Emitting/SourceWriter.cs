using System.Text;

namespace FaustGen.Generators;

/// <summary>Writes C# source line by line with four-space indentation.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder builder = new();
    private int depth;

    /// <summary>Writes <paramref name="line"/> at the current indentation.</summary>
    public void WriteLine(string line)
    {
        builder.Append(' ', depth * 4).Append(line).Append('\n');
    }

    /// <summary>Writes an empty line.</summary>
    public void WriteLine() => builder.Append('\n');

    /// <summary>Writes <c>{</c> and indents what follows.</summary>
    public void OpenBlock()
    {
        WriteLine("{");
        depth++;
    }

    /// <summary>Ends the block <see cref="OpenBlock"/> began, with <paramref name="suffix"/> after the brace (for example <c>);</c>).</summary>
    public void CloseBlock(string suffix = "")
    {
        depth--;
        WriteLine("}" + suffix);
    }

    /// <summary>Indents the lines that follow.</summary>
    public void Indent() => depth++;

    /// <summary>Undoes one <see cref="Indent"/>.</summary>
    public void Unindent() => depth--;

    public override string ToString() => builder.ToString();
}
