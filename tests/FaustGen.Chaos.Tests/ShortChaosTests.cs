using FaustGen.Chaos;
using Xunit.Abstractions;

namespace FaustGen.Chaos.Tests;

/// <summary>
/// The chaos harness, short: three workers of the counting app, one cut off from the cluster and replaced every two to
/// three seconds while events arrive, with fixed seeds, under both guarantees and on both stores. Nothing may be lost,
/// and nothing counted twice under exactly-once. The long runs (more seeds, broker faults, other ways to die) are made
/// with the harness itself (docs/reliability.md).
/// </summary>
public sealed class ShortChaosTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(ProcessingGuarantee.AtLeastOnce, StoreKind.Memory, 11)]
    [InlineData(ProcessingGuarantee.AtLeastOnce, StoreKind.RocksDb, 12)]
    [InlineData(ProcessingGuarantee.ExactlyOnce, StoreKind.Memory, 13)]
    [InlineData(ProcessingGuarantee.ExactlyOnce, StoreKind.RocksDb, 14)]
    public async Task Workers_cut_off_and_replaced_lose_nothing(ProcessingGuarantee guarantee, StoreKind store, int seed)
    {
        var scenario = new Scenario(guarantee, store, KillStyle.Isolate, BrokerFault.None, seed, TimeSpan.FromSeconds(8))
        {
            Events = 2_000,
            Keys = 100,
            Partitions = 4,
            KillEveryMin = TimeSpan.FromSeconds(2),
            KillEveryMax = TimeSpan.FromSeconds(3),
            ConvergeTimeout = TimeSpan.FromSeconds(90),
        };
        var outcome = await ChaosRun.RunAsync(scenario, new OutputWriter(output));
        output.WriteLine(outcome.ToString());
        Assert.True(outcome.Kills > 0, "no worker was killed");
        Assert.True(outcome.Passed, outcome.ToString());
    }

    /// <summary>The harness's progress lines, in the test's output.</summary>
    private sealed class OutputWriter(ITestOutputHelper output) : StringWriter
    {
        public override void WriteLine(string? value) => output.WriteLine(value ?? string.Empty);
    }
}
