using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace FaustGen.Codecs;

/// <summary>Guards generated decoders of recursive records against input that nests deeper than the stack allows.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RecordStack
{
    /// <summary>Throws a <see cref="FormatException"/> when the stack is nearly exhausted, instead of crashing the process.</summary>
    public static void Ensure()
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new FormatException("The payload nests too deeply.");
        }
    }
}
