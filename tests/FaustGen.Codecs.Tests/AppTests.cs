using System.Text;
using FaustGen.Testing;
using FaustGen.Transport;

namespace FaustGen.Codecs.Tests;

public sealed class AppTests
{
    [Fact]
    public async Task A_record_valued_topic_carries_records_to_the_agent()
    {
        var app = new RecordApp();
        await using var test = await AppTestContext.StartAsync(app);
        var order = new Order { Id = "o-1", Quantity = 2, Lines = [new Line("a", 1)] };

        await test.PutAsync(app.Orders, "o-1", order);

        var received = Assert.Single(app.Received);
        Assert.Equal(Samples.Render(order), Samples.Render(received));
        Assert.Equal("o-1", Encoding.UTF8.GetString(test.Broker.ReadAll("orders").Single().Key!));
    }

    [Fact]
    public async Task A_garbage_payload_goes_through_the_agents_error_policy_and_the_next_event_is_processed()
    {
        var app = new RecordApp();
        await using var test = await AppTestContext.StartAsync(app);
        test.Broker.Append(new OutgoingMessage("orders", 0, "bad"u8.ToArray(), """{"Quantity":"many"}"""u8.ToArray()), 1);

        // Behind the garbage on its partition, so processing it means the garbage was handled first.
        await test.PutAsync(app.Orders, "good", new Order { Id = "good" }, partition: 0);

        Assert.Equal("good", Assert.Single(app.Received).Id);
        var status = app.Agents.Single(a => a.Topic == "orders");
        Assert.Equal(1, status.Failed);
        Assert.False(status.Crashed);
        var error = Assert.IsType<DeserializationException>(status.LastError);
        Assert.Equal("json", error.Codec);
        Assert.Equal(typeof(Order), error.TargetType);
        Assert.Equal(new TopicPartitionOffset("orders", 0, 0), error.Position);
        Assert.IsType<FormatException>(error.InnerException);
    }

    [Fact]
    public async Task Polymorphic_records_travel_through_a_chained_codec()
    {
        var app = new RecordApp();
        await using var test = await AppTestContext.StartAsync(app);
        var key = Guid.NewGuid();

        await test.PutAsync(app.Shapes, key, new Square("s", 2));

        Assert.Equal(new Square("s", 2), Assert.Single(app.ReceivedShapes));
        var stored = test.Broker.ReadAll("shapes").Single();
        Assert.Equal("\"" + key + "\"", Encoding.UTF8.GetString(stored.Key!));
        Assert.Equal("square", Encoding.UTF8.GetString(Convert.FromBase64String(Encoding.UTF8.GetString(stored.Value!)))[2..8]);
    }

    [Fact]
    public async Task The_codec_is_the_topics_else_the_records_else_the_apps()
    {
        var app = new RecordApp();
        await using var test = await AppTestContext.StartAsync(app);

        Assert.Equal("msgpack", app.Pings.ValueCodec.Name);
        Assert.Equal("json", app.JsonPings.ValueCodec.Name);
        Assert.Equal("json", app.Orders.ValueCodec.Name);
        Assert.Equal("string", app.Orders.KeyCodec.Name);
        Assert.Equal("msgpack|binary", app.Shapes.ValueCodec.Name);
    }

    [Fact]
    public async Task The_generator_registers_the_projects_custom_codecs_in_every_app()
    {
        var app = new RecordApp();
        await using var test = await AppTestContext.StartAsync(app);

        await app.Shouts.SendAsync("k", "hello");

        Assert.Contains("upper", app.Codecs.Names);
        Assert.Equal("upper|binary", app.Shouts.ValueCodec.Name);
        Assert.Equal("HELLO", Encoding.UTF8.GetString(Convert.FromBase64String(Encoding.UTF8.GetString(test.Broker.ReadAll("shouts").Single().Value!))));
    }

    [Fact]
    public async Task A_codec_that_cannot_carry_the_type_fails_when_the_app_starts()
    {
        var app = new RecordApp();
        app.Settings.ValueSerializer = "raw";

        var error = await Assert.ThrowsAsync<FaustConfigurationException>(() => AppTestContext.StartAsync(app));

        Assert.Contains("Codec 'raw' cannot carry type FaustGen.Codecs.Tests.Order (for the values of topic 'orders')", error.Message, StringComparison.Ordinal);
    }
}
