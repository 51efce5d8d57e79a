using System.ComponentModel;

namespace FaustGen.Monitoring;

/// <summary>
/// The <see cref="RecordAttribute">[Record]</see> types of the loaded assemblies and their fields, as the records
/// generator describes them (Faust's <c>models</c>): the command line lists them without reflection.
/// </summary>
public static class RecordModels
{
    private static readonly List<RecordModel> Models = [];

    /// <summary>The records registered so far (an assembly's register when it is loaded), by full name.</summary>
    public static IReadOnlyList<RecordModel> All
    {
        get
        {
            lock (Models)
            {
                return [.. Models.OrderBy(m => m.FullName, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Registers <paramref name="model"/>; generated code calls this from a module initializer.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void Register(RecordModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        lock (Models)
        {
            Models.RemoveAll(m => m.FullName == model.FullName);
            Models.Add(model);
        }
    }
}

/// <summary>A record type and its fields.</summary>
/// <param name="Name">Its name as written in C#.</param>
/// <param name="FullName">Its namespace-qualified name.</param>
/// <param name="Fields">Its fields, in wire order.</param>
public sealed record RecordModel(string Name, string FullName, IReadOnlyList<RecordField> Fields);

/// <summary>A field of a record.</summary>
/// <param name="Name">The property's name.</param>
/// <param name="WireName">Its name in payloads.</param>
/// <param name="Type">Its C# type.</param>
/// <param name="Required">Whether a payload without it does not decode.</param>
public sealed record RecordField(string Name, string WireName, string Type, bool Required);
