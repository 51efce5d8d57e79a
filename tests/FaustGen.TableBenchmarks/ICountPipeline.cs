using FaustGen.Throughput;

namespace FaustGen.TableBenchmarks;

/// <summary>One way to count the events of topic <c>input</c> by key into a table with a changelog.</summary>
internal interface ICountPipeline
{
    string Name { get; }

    /// <summary>Starts counting as application <paramref name="appId"/>, with local state in <paramref name="directory"/>.</summary>
    Task<ICounting> StartAsync(Endpoint endpoint, string appId, string directory, Progress progress);
}

/// <summary>A running count; disposing it stops the pipeline.</summary>
internal interface ICounting : IAsyncDisposable
{
    /// <summary>The changelog topic the counts go to.</summary>
    string Changelog { get; }

    /// <summary>Reads a changelog record's key and value as the pipeline wrote them.</summary>
    (string Key, long Count) Decode(byte[] key, byte[] value);
}

/// <summary>Where the cluster is, for plain clients and for FaustGen apps, and the consumer settings every pipeline runs with.</summary>
internal sealed record Endpoint(string BootstrapServers, string BrokerUrl, IReadOnlyDictionary<string, string> Consumer);
