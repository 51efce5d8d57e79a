namespace FaustGen.Codecs;

/// <summary>How the <c>msgpack</c> codec lays out a record's fields.</summary>
public enum MsgPackLayout
{
    /// <summary>A map from field name to value (MessagePack-CSharp's <c>[MessagePackObject(true)]</c> or string <c>[Key]</c>s).</summary>
    Map,

    /// <summary>An array of values in declaration order (MessagePack-CSharp's integer <c>[Key]</c>s 0, 1, …).</summary>
    Array,
}
