using Microsoft.Extensions.Configuration;

namespace FaustGen.Kafka.Tests;

public sealed class SettingsTests
{
    [Fact]
    public void Broker_settings_bind_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Broker"] = "kafka://k1:9092;k2:9092",
            ["ConsumerAutoOffsetReset"] = "latest",
            ["PartitionAssignmentStrategy"] = "cooperative-sticky",
            ["CanonicalUrl"] = "http://worker-1:6066",
            ["ClusterHeartbeatInterval"] = "1.5",
            ["BrokerProperties:security.protocol"] = "SASL_SSL",
            ["BrokerProperties:producer.linger.ms"] = "20",
        }).Build();
        var settings = new AppSettings { Id = "bound" }.Bind(configuration);
        settings.Validate();

        Assert.Equal(OffsetReset.Latest, settings.ConsumerAutoOffsetReset);
        Assert.Equal(PartitionAssignmentStrategy.CooperativeSticky, settings.PartitionAssignmentStrategy);
        Assert.Equal("http://worker-1:6066", settings.CanonicalUrl);
        Assert.Equal(TimeSpan.FromSeconds(1.5), settings.ClusterHeartbeatInterval);
        Assert.Equal("SASL_SSL", settings.BrokerProperties["security.protocol"]);
        Assert.Equal("20", settings.BrokerProperties["producer.linger.ms"]);
    }

    [Fact]
    public void Unknown_strategies_and_offset_resets_are_refused_naming_the_setting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["PartitionAssignmentStrategy"] = "roundrobin" }).Build();
        var error = Assert.Throws<FaustConfigurationException>(() => new AppSettings().Bind(configuration));
        Assert.Contains("PartitionAssignmentStrategy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broker_properties_that_FaustGen_owns_are_refused_naming_what_to_set_instead()
    {
        using var broker = TestBroker.Start();
        await using var app = new Counter(broker.Name("reserved"), broker.BrokerUrl, broker.Name("words"), configure: s => s.BrokerProperties["consumer.enable.auto.commit"] = "true");
        var error = await Assert.ThrowsAsync<FaustConfigurationException>(() => app.StartAsync());
        Assert.Contains("BrokerProperties:consumer.enable.auto.commit", error.Message, StringComparison.Ordinal);
        Assert.Contains("acknowledged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broker_properties_are_read_only_once_the_app_has_started()
    {
        await using var app = new Counter("frozen", "memory://frozen-" + Guid.NewGuid().ToString("N"), configure: s => s.BrokerProperties["linger.ms"] = "5");
        await app.StartAsync();
        Assert.Throws<NotSupportedException>(() => app.Settings.BrokerProperties["linger.ms"] = "50");
        Assert.Equal("5", app.Settings.BrokerProperties["linger.ms"]);
    }
}
