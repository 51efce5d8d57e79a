using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using FaustGen.Kafka.Embedded;
using FaustGen.Throughput;

// dotnet run -c Release --project tests/FaustGen.Throughput [-- --messages 400000 --partitions 4 --rounds 3 --awaited-messages 2000]
// Runs consume -> upper-case -> produce three ways on one embedded Kafka cluster and prints throughput and ratios.
var messages = Option("--messages", 400_000);
var partitions = Option("--partitions", 4);
var rounds = Option("--rounds", 3);
var awaitedMessages = Option("--awaited-messages", 2_000);
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();

using var cluster = EmbeddedKafkaCluster.Start(1, "throughput");
var endpoint = new Endpoint(cluster.BootstrapServers, cluster.BrokerUrl);
cluster.CreateTopic("input", partitions);
Feed(cluster.BootstrapServers, "input", messages);
Console.WriteLine($"{messages:N0} messages in topic 'input' ({partitions} partitions, one embedded broker); {rounds} rounds; .NET {Environment.Version}, {Environment.ProcessorCount} cores.");

IPipeline[] pipelines = [new PlainPipeline(), new StreamizPipeline(), new FaustGenPipeline(awaitDelivery: false)];
if (only is not null)
{
    // Profiling one pipeline: no table, no ratios.
    var pipeline = pipelines.First(p => Slug(p.Name).Contains(only, StringComparison.Ordinal));
    for (var round = 1; round <= rounds; round++)
    {
        var result = await RunAsync(pipeline, $"only-{round}", messages);
        Console.WriteLine($"round {round}: {pipeline.Name,-28} {result.Rate,10:N0} msg/s  (processing {result.Processing.TotalSeconds:F2} s, startup {result.Startup.TotalMilliseconds:N0} ms)");
    }

    return 0;
}

var results = pipelines.ToDictionary(p => p.Name, _ => new List<Result>());
for (var round = 1; round <= rounds; round++)
{
    foreach (var pipeline in pipelines)
    {
        var result = await RunAsync(pipeline, $"r{round}-{results[pipeline.Name].Count}-{Slug(pipeline.Name)}", messages);
        results[pipeline.Name].Add(result);
        Console.WriteLine($"round {round}: {pipeline.Name,-28} {result.Rate,10:N0} msg/s  (processing {result.Processing.TotalSeconds:F2} s, startup {result.Startup.TotalMilliseconds:N0} ms)");
    }
}

// A per-event agent that awaits every delivery pays a produce round trip (linger.ms included) per event: a few messages suffice.
var awaiting = new FaustGenPipeline(awaitDelivery: true);
var awaited = await RunAsync(awaiting, "awaited", awaitedMessages);
Console.WriteLine($"         {awaiting.Name,-28} {awaited.Rate,10:N0} msg/s  (first {awaitedMessages:N0} messages)");

var plain = Median(results[pipelines[0].Name]);
var streamiz = Median(results[pipelines[1].Name]);
Console.WriteLine();
Console.WriteLine($"Median of {rounds} rounds, {messages:N0} messages:");
Console.WriteLine();
Console.WriteLine("| Pipeline | msg/s | vs. Confluent.Kafka loop | vs. Streamiz | startup to first message |");
Console.WriteLine("|---|---:|---:|---:|---:|");
foreach (var pipeline in pipelines)
{
    var median = Median(results[pipeline.Name]);
    var startup = results[pipeline.Name].Select(r => r.Startup.TotalMilliseconds).Order().ElementAt(rounds / 2);
    Console.WriteLine($"| {pipeline.Name} | {median:N0} | {median / plain:F2}x | {median / streamiz:F2}x | {startup:N0} ms |");
}

Console.WriteLine($"| {awaiting.Name} ({awaitedMessages:N0} messages) | {awaited.Rate:N0} | {awaited.Rate / plain:F3}x | {awaited.Rate / streamiz:F3}x | {awaited.Startup.TotalMilliseconds:N0} ms |");
return 0;

async Task<Result> RunAsync(IPipeline pipeline, string tag, int expected)
{
    var output = "output-" + tag;
    cluster.CreateTopic(output, partitions);
    var progress = new Progress();
    var started = Stopwatch.GetTimestamp();
    long done;
    await using (await pipeline.StartAsync(endpoint, "input", output, "group-" + tag, progress))
    {
        done = WaitForOutput(output, expected);
    }

    var first = progress.FirstConsumed;
    var processing = Stopwatch.GetElapsedTime(first, done);
    return new Result(Stopwatch.GetElapsedTime(started, first), processing, expected / processing.TotalSeconds);
}

// The time the output topic holds the expected count (the sum of its high watermarks), polled every 5 ms: the
// same observer for every pipeline, outside all of them.
long WaitForOutput(string topic, int expected)
{
    using var observer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "observer" }).Build();
    var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 600;
    while (true)
    {
        long total = 0;
        for (var p = 0; p < partitions; p++)
        {
            total += observer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value;
        }

        var now = Stopwatch.GetTimestamp();
        if (total >= expected)
        {
            return now;
        }

        if (now > deadline)
        {
            throw new TimeoutException($"Only {total} of {expected} messages reached '{topic}' within 10 minutes.");
        }

        Thread.Sleep(5);
    }
}

static void Feed(string bootstrapServers, string topic, int count)
{
    using var producer = new ProducerBuilder<byte[]?, byte[]>(Tuning.ProducerConfig(bootstrapServers)).Build();
    for (var i = 0; i < count; i++)
    {
        var value = Encoding.UTF8.GetBytes("message " + i.ToString(CultureInfo.InvariantCulture));
        while (true)
        {
            try
            {
                producer.Produce(topic, new Message<byte[]?, byte[]> { Value = value });
                break;
            }
            catch (ProduceException<byte[]?, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(10));
            }
        }
    }

    if (producer.Flush(TimeSpan.FromMinutes(1)) != 0)
    {
        throw new InvalidOperationException("The input was not written.");
    }
}

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

static string Slug(string name) => new([.. name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);

static double Median(List<Result> runs) => runs.Select(r => r.Rate).Order().ElementAt(runs.Count / 2);

/// <summary>One run: from start to the first message, from it to the last output message, and the rate over the latter.</summary>
internal sealed record Result(TimeSpan Startup, TimeSpan Processing, double Rate);
