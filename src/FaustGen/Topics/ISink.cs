namespace FaustGen;

/// <summary>Something values can be sent to: a topic, or an agent through its topic.</summary>
/// <typeparam name="T">The type of the values.</typeparam>
public interface ISink<in T>
{
    /// <summary>Sends <paramref name="value"/> and completes when it is written.</summary>
    ValueTask SendAsync(T value, CancellationToken cancellationToken = default);
}
