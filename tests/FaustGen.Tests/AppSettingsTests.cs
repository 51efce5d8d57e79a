using FaustGen.Codecs;
using Microsoft.Extensions.Configuration;

namespace FaustGen.Tests;

public sealed class AppSettingsTests
{
    [Fact]
    public void Defaults_follow_fausts_application_guide()
    {
        var settings = new AppSettings();
        Assert.Equal("kafka://localhost:9092", settings.Broker);
        Assert.Equal("memory://", settings.Store);
        Assert.Null(settings.AvroRegistryUrl);
        Assert.StartsWith("faustgen-", settings.ClientId, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.CommitInterval);
        Assert.Equal("raw", settings.KeySerializer.Name);
        Assert.Equal("json", settings.ValueSerializer.Name);
        Assert.Equal(0, settings.StandbyReplicas);
        Assert.Equal(1, settings.ReplicationFactor);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.BrokerConnectTimeout);
    }

    [Fact]
    public void Configuration_and_environment_style_keys_bind()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Id"] = "orders",
            ["Broker"] = "kafka://k1:9092;k2:9093",
            ["Store"] = "rocksdb://",
            ["AvroRegistryUrl"] = "http://registry:8081",
            ["ClientId"] = "worker-7",
            ["CommitInterval"] = "2.5",
            ["KeySerializer"] = "json",
            ["ValueSerializer"] = "json",
            ["StandbyReplicas"] = "2",
            ["ReplicationFactor"] = "3",
            ["TopicPartitions"] = "12",
            ["ShutdownTimeout"] = "00:00:05",
            ["ProcessingGuarantee"] = "exactly-once",
        }).Build();

        var settings = new AppSettings().Bind(configuration);
        settings.Validate();

        Assert.Equal("orders", settings.Id);
        Assert.Equal("kafka://k1:9092;k2:9093", settings.Broker);
        Assert.Equal("rocksdb://", settings.Store);
        Assert.Equal("http://registry:8081", settings.AvroRegistryUrl);
        Assert.Equal("worker-7", settings.ClientId);
        Assert.Equal(TimeSpan.FromSeconds(2.5), settings.CommitInterval);
        Assert.Equal("json", settings.KeySerializer.Name);
        Assert.Equal(2, settings.StandbyReplicas);
        Assert.Equal(3, settings.ReplicationFactor);
        Assert.Equal(12, settings.TopicPartitions);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.ShutdownTimeout);
        Assert.Equal(ProcessingGuarantee.ExactlyOnce, settings.ProcessingGuarantee);
        Assert.Equal(ProcessingGuarantee.AtLeastOnce, new AppSettings().ProcessingGuarantee);
    }

    [Fact]
    public void Environment_variables_with_a_prefix_reach_settings()
    {
        Environment.SetEnvironmentVariable("FAUSTGENTEST_BROKER", "memory://from-env");
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables("FAUSTGENTEST_").Build();
            Assert.Equal("memory://from-env", new AppSettings().Bind(configuration).Broker);
        }
        finally
        {
            Environment.SetEnvironmentVariable("FAUSTGENTEST_BROKER", null);
        }
    }

    [Fact]
    public void BindEnvironment_reads_what_the_environment_variables_provider_gives_Bind()
    {
        var variables = new Dictionary<string, string>
        {
            ["FAUSTGENTEST_BROKER"] = "memory://from-env",
            ["faustgentest_BrokerConnectTimeout"] = "2.5",
            ["FAUSTGENTEST_BROKERPROPERTIES__linger.ms"] = "20",
            ["FAUSTGENTEST_BROKERPROPERTIES__producer.batch.size"] = "1000",
        };
        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        try
        {
            var settings = new AppSettings();
            Assert.False(settings.IsBound);
            Assert.Same(settings, settings.BindEnvironment("FAUSTGENTEST_"));
            Assert.True(settings.IsBound);
            Assert.Equal("memory://from-env", settings.Broker);
            Assert.Equal(TimeSpan.FromSeconds(2.5), settings.BrokerConnectTimeout);
            Assert.Equal(new Dictionary<string, string> { ["linger.ms"] = "20", ["producer.batch.size"] = "1000" }, settings.BrokerProperties);

            var configured = new AppSettings().Bind(new ConfigurationBuilder().AddEnvironmentVariables("FAUSTGENTEST_").Build());
            Assert.Equal(configured.Broker, settings.Broker);
            Assert.Equal(configured.BrokerConnectTimeout, settings.BrokerConnectTimeout);
            Assert.Equal(configured.BrokerProperties, settings.BrokerProperties);
        }
        finally
        {
            foreach (var name in variables.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    [Fact]
    public void BindEnvironment_names_the_variable_of_an_unreadable_value()
    {
        Environment.SetEnvironmentVariable("FAUSTGENTEST2_COMMITINTERVAL", "soon");
        try
        {
            var error = Assert.Throws<FaustConfigurationException>(() => new AppSettings().BindEnvironment("FAUSTGENTEST2_"));
            Assert.Contains("'CommitInterval'", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("FAUSTGENTEST2_COMMITINTERVAL", null);
        }
    }

    [Theory]
    [InlineData("CommitInterval", "soon")]
    [InlineData("StandbyReplicas", "two")]
    [InlineData("ReplicationFactor", "1.5")]
    [InlineData("ProcessingGuarantee", "twice")]
    public void Unreadable_values_name_the_setting_and_the_value(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        var error = Assert.Throws<FaustConfigurationException>(() => new AppSettings().Bind(configuration));
        Assert.Contains($"'{key}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, Action<AppSettings>, string> InvalidSettings => new()
    {
        { "Id", s => s.Id = "", "" },
        { "Id", s => s.Id = "word count", "word count" },
        { "Broker", s => s.Broker = "kafka://", "kafka://" },
        { "Broker", s => s.Broker = "kafka://host", "kafka://host" },
        { "Broker", s => s.Broker = "kafka://host:99999", "kafka://host:99999" },
        { "Broker", s => s.Broker = "amqp://host:5672", "amqp://host:5672" },
        { "Broker", s => s.Broker = "localhost:9092", "localhost:9092" },
        { "Store", s => s.Store = "redis://", "redis://" },
        { "SchemaRegistryUrl", s => s.AvroRegistryUrl = "registry:8081", "registry:8081" },
        { "ClientId", s => s.ClientId = " ", " " },
        { "CommitInterval", s => s.CommitInterval = TimeSpan.Zero, "00:00:00" },
        { "BrokerConnectTimeout", s => s.BrokerConnectTimeout = TimeSpan.Zero, "00:00:00" },
        { "StandbyReplicas", s => s.StandbyReplicas = -1, "-1" },
        { "ReplicationFactor", s => s.ReplicationFactor = 0, "0" },
        { "TopicPartitions", s => s.TopicPartitions = 0, "0" },
        { "ProcessingGuarantee", s => s.ProcessingGuarantee = (ProcessingGuarantee)7, "7" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Validation_names_the_bad_setting_and_its_value(string setting, Action<AppSettings> change, string value)
    {
        var settings = new AppSettings { Id = "valid-id" };
        change(settings);
        var error = Assert.Throws<FaustConfigurationException>(settings.Validate);
        Assert.StartsWith($"Setting '{setting}' has an invalid value '{value}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kafka://localhost:9092")]
    [InlineData("kafka://k1:9092;k2:9092;k3:9092")]
    [InlineData("memory://")]
    [InlineData("memory://tests")]
    [InlineData("embedded://")]
    [InlineData("embedded://3")]
    public void Good_broker_urls_validate(string url)
    {
        var settings = new AppSettings { Id = "valid-id", Broker = url };
        settings.Validate();
    }

    [Fact]
    public void A_codec_instance_or_a_name_can_be_the_value_serializer()
    {
        var settings = new AppSettings { ValueSerializer = Codec.Raw };
        Assert.Same(Codec.Raw, settings.ValueSerializer);
        settings.ValueSerializer = "json|binary";
        Assert.Equal("json|binary", settings.ValueSerializer.Name);
    }

    [Fact]
    public async Task Settings_freeze_when_the_app_starts()
    {
        var app = new TestApps.Counter();
        await using var test = await Testing.AppTestContext.StartAsync(app);
        var error = Assert.Throws<InvalidOperationException>(() => app.Settings.Broker = "memory://other");
        Assert.Contains("frozen", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_setting_fails_at_startup_naming_it()
    {
        var app = new TestApps.Counter();
        app.Settings.CommitInterval = TimeSpan.FromSeconds(-1);
        var error = await Assert.ThrowsAsync<FaustConfigurationException>(() => app.StartAsync());
        Assert.Contains("'CommitInterval'", error.Message, StringComparison.Ordinal);
        Assert.Equal(AppState.Failed, app.State);
    }

    [Fact]
    public async Task A_broker_scheme_without_a_transport_fails_at_startup_naming_it()
    {
        var app = new TestApps.Counter();
        app.Settings.Broker = "kafka://localhost:9092";
        var error = await Assert.ThrowsAsync<FaustConfigurationException>(() => app.StartAsync());
        Assert.Contains("'Broker'", error.Message, StringComparison.Ordinal);
        Assert.Contains("FaustGen.Kafka", error.Message, StringComparison.Ordinal);
    }
}
