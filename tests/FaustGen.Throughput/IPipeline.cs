namespace FaustGen.Throughput;

/// <summary>One way to run the pipeline: consume <c>input</c>, upper-case each value, produce it to <c>output</c>.</summary>
internal interface IPipeline
{
    string Name { get; }

    /// <summary>Starts consuming <paramref name="input"/> as group <paramref name="group"/>; disposing the result stops.</summary>
    Task<IAsyncDisposable> StartAsync(Endpoint endpoint, string input, string output, string group, Progress progress);
}

/// <summary>Where the cluster is, for plain clients and for FaustGen apps.</summary>
internal sealed record Endpoint(string BootstrapServers, string BrokerUrl);
