namespace FaustGen.Codecs;

/// <summary>
/// Where a typed codec is used: the keys or the values of one topic, in an app with these settings. Formats that
/// depend on the topic (<c>avro</c> registers its schema under the subject <c>{topic}-value</c> or <c>{topic}-key</c>) read it.
/// </summary>
/// <param name="Topic">The topic's name.</param>
/// <param name="IsKey">True for keys, false for values.</param>
/// <param name="Settings">The settings of the app the topic belongs to.</param>
public sealed record CodecTarget(string Topic, bool IsKey, AppSettings Settings)
{
    /// <inheritdoc/>
    public override string ToString() => (IsKey ? "keys" : "values") + " of topic '" + Topic + "'";
}
