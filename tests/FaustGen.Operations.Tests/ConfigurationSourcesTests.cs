using FaustGen.CommandLine;
using FaustGen.Hosting;
using FaustGen.Transport.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FaustGen.Operations.Tests;

/// <summary>Tests that set FAUSTGEN_* variables or write appsettings.json run alone: every app and host of the process reads them.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

/// <summary>The command line reads appsettings.json and the environment as the Generic Host does, and not again after it.</summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class ConfigurationSourcesTests : IDisposable
{
    private readonly string appsettings = Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json");

    public void Dispose()
    {
        File.Delete(appsettings);
        Environment.SetEnvironmentVariable("FAUSTGEN_BROKER", null);
        Environment.SetEnvironmentVariable("FAUSTGEN_TOPICPARTITIONS", null);
    }

    [Fact]
    public async Task Send_reads_appsettings_json_then_FAUSTGEN_variables_then_its_options()
    {
        var fromJson = "memory://json-" + Guid.NewGuid().ToString("N");
        var fromEnvironment = "memory://env-" + Guid.NewGuid().ToString("N");
        File.WriteAllText(appsettings, $$"""{ "FaustGen": { "Broker": "{{fromJson}}", "TopicPartitions": 3 } }""");

        var (code, output, error) = await CommandLineTests.RunAsync(new Shop(), "send", "audit", "from json");
        Assert.True(code == ExitCodes.Success, error);
        Assert.Single(MemoryBroker.Get(fromJson["memory://".Length..]).ReadAll("audit"));

        Environment.SetEnvironmentVariable("FAUSTGEN_BROKER", fromEnvironment);
        Environment.SetEnvironmentVariable("FAUSTGEN_TOPICPARTITIONS", "5");
        var shop = new Shop();
        (code, _, error) = await CommandLineTests.RunAsync(shop, "send", "audit", "from the environment");
        Assert.True(code == ExitCodes.Success, error);
        Assert.Single(MemoryBroker.Get(fromEnvironment["memory://".Length..]).ReadAll("audit"));
        Assert.Equal(5, shop.Settings.TopicPartitions);

        var fromOption = "memory://option-" + Guid.NewGuid().ToString("N");
        (code, _, error) = await CommandLineTests.RunAsync(new Shop(), "send", "audit", "from the option", "--broker", fromOption);
        Assert.True(code == ExitCodes.Success, error);
        Assert.Single(MemoryBroker.Get(fromOption["memory://".Length..]).ReadAll("audit"));
        Assert.NotEmpty(output);
    }

    [Fact]
    public async Task An_invalid_FAUSTGEN_variable_exits_3_naming_the_setting()
    {
        Environment.SetEnvironmentVariable("FAUSTGEN_TOPICPARTITIONS", "many");
        var (code, _, error) = await CommandLineTests.RunAsync(new Shop(), "send", "audit", "hello");
        Assert.Equal(ExitCodes.Configuration, code);
        Assert.Contains("'TopicPartitions'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_the_host_read_are_not_read_again_by_the_command_line()
    {
        var fromEnvironment = "memory://env-" + Guid.NewGuid().ToString("N");
        var fromCode = "memory://code-" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable("FAUSTGEN_BROKER", fromEnvironment);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddFaustApp<Shop>(settings => settings.Broker = fromCode);
        using var host = builder.Build();
        var shop = host.Services.GetRequiredService<Shop>();
        Assert.True(shop.Settings.IsBound);

        var (code, _, error) = await CommandLineTests.RunAsync(shop, "send", "audit", "hello");
        Assert.True(code == ExitCodes.Success, error);
        Assert.Equal(fromCode, shop.Settings.Broker);
        Assert.Single(MemoryBroker.Get(fromCode["memory://".Length..]).ReadAll("audit"));
    }
}
