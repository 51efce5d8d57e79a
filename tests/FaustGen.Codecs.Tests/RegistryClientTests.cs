using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace FaustGen.Codecs.Tests;

public sealed class RegistryClientTests : IDisposable
{
    private const string Schema = """{"type":"record","name":"Probe","fields":[{"name":"A","type":"int"}]}""";

    private readonly RegistryServer registry = new();

    public void Dispose() => registry.Dispose();

    private SchemaRegistryClient Client(int retries = 3, TimeSpan? timeout = null, string? userInfo = null, string? token = null, string? url = null) => new(new SchemaRegistryOptions
    {
        Url = new Uri(url ?? registry.Url),
        MaxRetries = retries,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        RequestTimeout = timeout ?? TimeSpan.FromSeconds(10),
        UserInfo = userInfo,
        BearerToken = token,
    });

    private int Count(string method) => registry.Requests.Count(r => r.StartsWith(method + " ", StringComparison.Ordinal));

    [Fact]
    public async Task A_schema_is_registered_once_whoever_asks_and_however()
    {
        using var client = Client();
        var schema = new RegistrySchema(Schema, SchemaFormat.Avro);

        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => client.RegisterSchemaAsync("probe-value", schema))));
        var again = await client.RegisterSchemaAsync("probe-value", schema);
        var codec = new AvroCodec(client).For<Line>(new CodecTarget("lines", false, new AppSettings { Id = "x" }))!;
        codec.Encode(new Line("a", 1), new System.Buffers.ArrayBufferWriter<byte>());

        Assert.All(ids, id => Assert.Equal(again, id));
        Assert.Equal(2, Count("POST"));   // the probe's schema once, the line's once
    }

    [Fact]
    public async Task A_schema_is_fetched_by_id_once()
    {
        var id = registry.Register("probe-value", Schema);
        using var client = Client();

        var first = await client.GetSchemaAsync(id);
        var second = await client.GetSchemaAsync(id);

        Assert.Equal(Schema, first.Text);
        Assert.Equal(SchemaFormat.Avro, first.Format);
        Assert.Same(first, second);
        Assert.Equal(1, Count("GET"));
    }

    [Fact]
    public async Task Registering_ahead_fills_the_cache_the_codecs_first_message_reads()
    {
        using var client = Client();
        var codec = new AvroCodec(client).For<Line>(new CodecTarget("lines", false, new AppSettings { Id = "x" }))!;

        await client.RegisterSchemaAsync("lines-value", new RegistrySchema(Line.FaustGenCodecs.Avro.SchemaText, SchemaFormat.Avro));
        var requests = registry.Requests.Count;
        codec.Encode(new Line("a", 1), new System.Buffers.ArrayBufferWriter<byte>());

        Assert.Equal(requests, registry.Requests.Count);
    }

    [Fact]
    public async Task A_registry_failing_twice_then_answering_is_retried()
    {
        using var client = Client();
        registry.FailNext(2);

        var id = await client.RegisterSchemaAsync("probe-value", new RegistrySchema(Schema, SchemaFormat.Avro));

        Assert.Equal([id], registry.Subjects["probe-value"]);
        Assert.Equal(3, Count("POST"));
    }

    [Fact]
    public void The_synchronous_path_of_a_codec_retries_too()
    {
        using var client = Client();
        var codec = new AvroCodec(client).For<Line>(new CodecTarget("lines", false, new AppSettings { Id = "x" }))!;
        registry.FailNext(2);

        var bytes = Samples.Encode(codec, new Line("a", 1));

        Assert.Equal(new Line("a", 1), codec.Decode(bytes));
        Assert.Equal(3, Count("POST"));
    }

    [Fact]
    public async Task A_request_that_times_out_is_tried_again()
    {
        using var client = Client(timeout: TimeSpan.FromMilliseconds(300));
        registry.StallNext(1);

        await client.RegisterSchemaAsync("probe-value", new RegistrySchema(Schema, SchemaFormat.Avro));

        Assert.Equal(2, Count("POST"));
    }

    [Fact]
    public async Task Retries_end_with_an_error_that_names_the_registry_the_request_and_the_answer()
    {
        using var client = Client(retries: 2);
        registry.FailNext(10);

        var error = await Assert.ThrowsAsync<SchemaRegistryException>(() => client.RegisterSchemaAsync("probe-value", new RegistrySchema(Schema, SchemaFormat.Avro)));

        Assert.Equal(3, Count("POST"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(50003, error.ErrorCode);
        Assert.Contains(registry.Url, error.Message, StringComparison.Ordinal);
        Assert.Contains("POST /subjects/probe-value/versions", error.Message, StringComparison.Ordinal);
        Assert.Contains("Restarting", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registry_that_cannot_be_reached_is_reported_after_the_retries()
    {
        var closed = new RegistryServer();
        var url = closed.Url;
        closed.Dispose();
        using var client = Client(retries: 1, url: url);

        var error = await Assert.ThrowsAsync<SchemaRegistryException>(() => client.GetSchemaAsync(1));

        Assert.Null(error.StatusCode);
        Assert.Contains("did not answer GET /schemas/ids/1 after 2 attempt(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_codec_that_cannot_register_names_itself_the_topic_and_the_subject()
    {
        using var client = Client(retries: 0);
        var codec = new AvroCodec(client).For<Line>(new CodecTarget("orders", false, new AppSettings { Id = "x" }))!;
        registry.FailNext(1);

        var error = Assert.Throws<SchemaRegistryException>(() => Samples.Encode(codec, new Line("a", 1)));

        Assert.Equal(
            $"Codec 'avro' (for the values of topic 'orders') could not register its schema under subject 'orders-value': Schema registry {registry.Url}/ answered 503 to POST /subjects/orders-value/versions (error 50003): Restarting",
            error.Message);
    }

    [Fact]
    public async Task Basic_authentication_comes_from_the_urls_user_info_or_the_options()
    {
        var withUser = new UriBuilder(registry.Url) { UserName = "key", Password = "secret" }.Uri.ToString();
        using var fromUrl = Client(url: withUser);
        using var fromOptions = Client(userInfo: "other:pass");

        await fromUrl.RegisterSchemaAsync("a-value", new RegistrySchema(Schema, SchemaFormat.Avro));
        await fromOptions.RegisterSchemaAsync("b-value", new RegistrySchema(Schema, SchemaFormat.Avro));

        Assert.Equal(["Basic " + Base64("key:secret"), "Basic " + Base64("other:pass")], registry.Authorizations);
        Assert.Equal(new Uri(registry.Url), fromUrl.Url);
    }

    [Fact]
    public void A_bearer_token_from_the_apps_settings_is_sent()
    {
        var settings = new AppSettings { Id = "x", SchemaRegistryUrl = registry.Url, SchemaRegistryBearerToken = "t0ken-" + Guid.NewGuid() };
        var codec = Codec.Avro.For<Line>(new CodecTarget("lines", false, settings))!;

        Samples.Encode(codec, new Line("a", 1));

        Assert.Equal(["Bearer " + settings.SchemaRegistryBearerToken], registry.Authorizations);
    }

    [Fact]
    public void Basic_and_bearer_authentication_together_are_refused()
    {
        var inSettings = new AppSettings { Id = "x", SchemaRegistryUrl = "http://u:p@registry:8081", SchemaRegistryBearerToken = "secret" };

        var error = Assert.Throws<FaustConfigurationException>(inSettings.Validate);
        Assert.Throws<ArgumentException>(() => Client(userInfo: "u:p", token: "t"));
        Assert.Throws<FaustConfigurationException>(new AppSettings { Id = "x", SchemaRegistryUserInfo = "no-colon" }.Validate);

        Assert.Contains("SchemaRegistryBearerToken", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_registry_settings_bind_from_configuration_and_the_older_name_still_works()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SchemaRegistryUrl"] = "https://registry:8081",
            ["SchemaRegistryUserInfo"] = "key:secret",
            ["SchemaRegistryBearerToken"] = string.Empty,
        }).Build();

        var settings = new AppSettings { Id = "x" }.Bind(configuration);
        var older = new AppSettings { Id = "y", AvroRegistryUrl = "http://old:8081" };
        var olderBound = new AppSettings { Id = "z" }.Bind(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AvroRegistryUrl"] = "http://old:8081" }).Build());

        Assert.Equal("https://registry:8081", settings.SchemaRegistryUrl);
        Assert.Equal("key:secret", settings.SchemaRegistryUserInfo);
        Assert.Null(settings.SchemaRegistryBearerToken);
        Assert.Equal("http://old:8081", older.SchemaRegistryUrl);
        Assert.Equal("http://old:8081", olderBound.SchemaRegistryUrl);
    }

    [Fact]
    public void Apps_with_the_same_registry_settings_share_one_client_and_its_cache()
    {
        var first = new AppSettings { Id = "a", SchemaRegistryUrl = registry.Url };
        var second = new AppSettings { Id = "b", SchemaRegistryUrl = registry.Url };

        Samples.Encode(Codec.Avro.For<Line>(new CodecTarget("shared", false, first))!, new Line("a", 1));
        Samples.Encode(Codec.Avro.For<Line>(new CodecTarget("shared", false, second))!, new Line("b", 2));

        Assert.Equal(1, Count("POST"));
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
