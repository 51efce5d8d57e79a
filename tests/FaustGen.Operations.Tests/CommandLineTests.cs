using FaustGen.CommandLine;
using FaustGen.Transport.Memory;

namespace FaustGen.Operations.Tests;

/// <summary>Each command of the app executable's command line: output, errors and exit codes.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Agents_lists_name_topic_and_concurrency()
    {
        var (code, output, _) = await RunAsync(new Shop(), "agents");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(["AGENT  TOPIC   CONCURRENCY", "total  orders  2"], Lines(output));
    }

    [Fact]
    public async Task Tables_lists_name_types_and_help()
    {
        var (code, output, _) = await RunAsync(new Shop(), "tables");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(
            [
                "TABLE   KEY               VALUE    HELP",
                "totals  string            decimal  Money spent per customer",
                "hourly  Windowed<string>  decimal  Money spent per customer and hour",
            ],
            Lines(output));
    }

    [Fact]
    public async Task Models_lists_records_and_their_fields_from_generated_code()
    {
        var (code, output, _) = await RunAsync(new Shop(), "models", "Order");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(
            [
                "FaustGen.Operations.Tests.Order",
                "  FIELD     TYPE     WIRE NAME  REQUIRED",
                "  Id        int      Id         yes",
                "  Customer  string   Customer   yes",
                "  Total     decimal  Total      yes",
                "  Note      string?  Note       no",
            ],
            Lines(output));

        var (unknown, _, error) = await RunAsync(new Shop(), "models", "Invoice");
        Assert.Equal(ExitCodes.Usage, unknown);
        Assert.Contains("No record 'Invoice'. Records:", error, StringComparison.Ordinal);
        Assert.Contains("Order", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_reads_the_value_as_the_topics_type_and_writes_it_with_the_topics_codec()
    {
        var broker = "memory://cli-" + Guid.NewGuid().ToString("N");
        var shop = new Shop();
        shop.Settings.Broker = broker;
        var (code, output, error) = await RunAsync(shop, "send", "orders", """{"Id": 7, "Customer": "gretchen", "Total": 12.5}""", "--key", "gretchen", "--repeat", "3");
        Assert.True(code == ExitCodes.Success, error);
        Assert.Equal(3, Lines(output).Length);
        Assert.All(Lines(output), line => Assert.StartsWith("orders[", line, StringComparison.Ordinal));
        var records = MemoryBroker.Get(broker["memory://".Length..]).ReadAll("orders");
        Assert.Equal(3, records.Count);
        Assert.Equal("""{"Id":7,"Customer":"gretchen","Total":12.5,"Note":null}""", System.Text.Encoding.UTF8.GetString(records[0].Value!));
        Assert.Equal("gretchen", System.Text.Encoding.UTF8.GetString(records[0].Key!));
    }

    [Fact]
    public async Task Send_refuses_a_value_that_is_not_the_topics_type_and_says_what_was_expected()
    {
        var (code, _, error) = await RunAsync(new Shop(), "send", "orders", "not an order");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("Value 'not an order' cannot be read as Order", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_to_a_topic_the_app_does_not_declare_sends_the_text()
    {
        var shop = new Shop();
        shop.Settings.Broker = "memory://cli-" + Guid.NewGuid().ToString("N");
        var (code, output, _) = await RunAsync(shop, "send", "audit", "hello", "--partition", "0");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(["audit[0]@0"], Lines(output));
    }

    [Fact]
    public async Task Send_to_a_broker_that_does_not_answer_exits_5_within_the_connect_timeout_naming_it()
    {
        var shop = new Shop();
        shop.Settings.BrokerConnectTimeout = TimeSpan.FromSeconds(2);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (code, output, error) = await RunAsync(shop, "send", "audit", "hello", "--broker", "kafka://127.0.0.1:1");
        watch.Stop();

        Assert.Equal(ExitCodes.BrokerUnreachable, code);
        Assert.Empty(output);
        Assert.Contains("Could not connect to the brokers of setting 'Broker' (kafka://127.0.0.1:1, hosts 127.0.0.1:1) within 2 s", error, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Send_waits_at_most_its_timeout_for_the_broker_to_confirm_a_message()
    {
        using var cluster = Kafka.Embedded.EmbeddedKafkaCluster.Start();
        cluster.CreateTopic("audit", 1);
        // The broker refuses every produce with a retriable error: librdkafka would retry for 300 s.
        cluster.PushRequestErrors(Kafka.Embedded.KafkaApiKey.Produce, [.. Enumerable.Repeat(Confluent.Kafka.ErrorCode.NotEnoughReplicas, 500)]);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (code, _, error) = await RunAsync(new Shop(), "send", "audit", "hello", "--broker", cluster.BrokerUrl, "--timeout", "1");
        watch.Stop();

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("A message to topic 'audit' was not delivered: the broker did not confirm it within 1 s", error, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Wrong_command_lines_exit_2_with_a_hint()
    {
        var (code, _, error) = await RunAsync(new Shop(), "sned", "orders");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--help", error, StringComparison.Ordinal);

        var (repeat, _, repeatError) = await RunAsync(new Shop(), "send", "orders", "{}", "--repeat", "0");
        Assert.Equal(ExitCodes.Usage, repeat);
        Assert.Contains("--repeat must be 1 or more.", repeatError, StringComparison.Ordinal);

        var (timeout, _, timeoutError) = await RunAsync(new Shop(), "send", "orders", "{}", "--timeout", "0");
        Assert.Equal(ExitCodes.Usage, timeout);
        Assert.Contains("--timeout must be more than 0 seconds.", timeoutError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_setting_exits_3_naming_it()
    {
        var (code, _, error) = await RunAsync(new Shop(), "worker", "--web-bind", "somewhere");
        Assert.Equal(ExitCodes.Configuration, code);
        Assert.Contains("WebBind", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_describes_every_command()
    {
        var (code, output, _) = await RunAsync(new Shop(), "--help");
        Assert.Equal(ExitCodes.Success, code);
        foreach (var command in new[] { "worker", "send", "agents", "tables", "models", "reset" })
        {
            Assert.Contains(command, output, StringComparison.Ordinal);
        }

        Assert.Contains("Exit codes: 0 ok, 1 failed, 2 wrong command line, 3 invalid setting, 4 not confirmed, 5 broker unreachable.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worker_runs_until_stopped_prints_the_dashboard_and_the_totals()
    {
        var shop = new Shop();
        shop.Settings.Broker = "memory://cli-" + Guid.NewGuid().ToString("N");
        using var stop = new CancellationTokenSource();
        var output = new StringWriter();
        var run = FaustCommandLine.RunAsync(shop, ["worker", "--web-port", "0", "--log-level", "Warning"], output, new StringWriter(), new StringReader(string.Empty), stop.Token);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (shop.State != AppState.Running || !output.ToString().Contains("Dashboard:", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "The worker did not start: " + output);
            await Task.Delay(20);
        }

        await shop.Orders.SendAsync("faust", new Order(1, "faust", 3));
        while (shop.Totals["faust"] != 3)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The order was not processed: {string.Join("; ", shop.Agents)}; recovery {shop.Recovery}; partitions {shop.Assignment.Count}.");
            await Task.Delay(20);
        }

        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Success, await run);
        var lines = Lines(output.ToString());
        Assert.StartsWith($"Worker {shop.Cluster.MemberId} of app 'shop' runs on memory://", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^Dashboard: http://127\.0\.0\.1:\d+/$", lines[1]);
        Assert.StartsWith("Stopped. Received 1 messages, processed 1 events (0 failed), sent ", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_is_a_no_op_for_the_memory_store_and_asks_before_deleting_local_data()
    {
        var (code, output, _) = await RunAsync(new Shop(), "reset");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("The store is memory://", output, StringComparison.Ordinal);

        var data = Directory.CreateTempSubdirectory("faustgen-reset-").FullName;
        File.WriteAllText(Path.Combine(data, "table.sst"), "state");
        Shop Persistent()
        {
            var shop = new Shop();
            shop.Settings.Store = "rocksdb://";
            shop.Settings.DataDirectory = data;
            return shop;
        }

        var (declined, _, declinedError) = await RunAsync(Persistent(), ["reset"], "n\n");
        Assert.Equal(ExitCodes.NotConfirmed, declined);
        Assert.Contains("Not confirmed: nothing deleted.", declinedError, StringComparison.Ordinal);
        Assert.True(Directory.Exists(data));

        var (confirmed, confirmedOutput, _) = await RunAsync(Persistent(), ["reset"], "y\n");
        Assert.Equal(ExitCodes.Success, confirmed);
        Assert.Contains($"Delete the local table data of app 'shop' at {data}? [y/N]", confirmedOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data));
    }

    internal static Task<(int Code, string Output, string Error)> RunAsync(App app, params string[] args) => RunAsync(app, args, string.Empty);

    internal static async Task<(int Code, string Output, string Error)> RunAsync(App app, string[] args, string input)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await FaustCommandLine.RunAsync(app, args, output, error, new StringReader(input));
        return (code, output.ToString(), error.ToString());
    }

    private static string[] Lines(string text) => [.. text.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0)];
}
