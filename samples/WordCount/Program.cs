using System.Diagnostics;
using FaustGen.Logging;
using Microsoft.Extensions.Logging;
using Samples.WordCount;

// dotnet run --project samples/WordCount [-- --forever]
// It runs on a Kafka cluster inside the process (embedded://) unless FAUSTGEN_* environment variables say otherwise,
// for example FAUSTGEN_BROKER=kafka://localhost:9092 or FAUSTGEN_BROKER=memory://.
var forever = args.Contains("--forever");
var demo = TimeSpan.FromSeconds(6);

// Without a LoggerFactory an app logs warnings and errors to standard error; the demo shows what it does, too.
await using var app = new WordCount { LoggerFactory = new ConsoleLoggerFactory(LogLevel.Information) };
app.Settings.Broker = "embedded://";
app.Settings.CommitInterval = TimeSpan.FromSeconds(1);

// The web site listens on Faust's port 6066 when kept running; a timed demo takes any free port, so it never
// fails on a port in use.
app.Settings.WebPort = forever ? 6066 : 0;
app.Settings.BindEnvironment();

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

await app.StartAsync(stop.Token);
if (app.WebSite?.Url is { } dashboard)
{
    Console.WriteLine($"Dashboard: {dashboard}");
}

Console.WriteLine(forever ? "Counting words until Ctrl-C." : $"Counting words for {demo.TotalSeconds} seconds (--forever keeps it running).");

// Feed the sentences of a small corpus, a few per 100 ms, until the demo ends.
var corpus = Corpus.Sentences;
var sent = 0;
var until = DateTime.UtcNow + demo;
while (!stop.IsCancellationRequested && (forever || DateTime.UtcNow < until))
{
    for (var i = 0; i < 20; i++)
    {
        var sentence = corpus[sent++ % corpus.Length];
        await app.Sentences.SendAsync(sentence, sentence);
    }

    try
    {
        await Task.Delay(100, stop.Token);
    }
    catch (OperationCanceledException)
    {
        break;
    }
}

// Let the agents catch up, then stop (this commits what was processed).
var settle = DateTime.UtcNow + TimeSpan.FromSeconds(5);
while (app.Counts.Sum(c => c.Value) < Corpus.Words(sent) && DateTime.UtcNow < settle)
{
    await Task.Delay(50);
}

if (app.FirstCounted is { } first)
{
    // From the kernel's start time of the process (10 ms resolution): runtime start, app start, first round trip.
    using var self = Process.GetCurrentProcess();
    Console.WriteLine($"First word counted {(first - self.StartTime.ToUniversalTime()).TotalMilliseconds:F0} ms after the process started.");
}

var counted = app.Counts.Sum(c => c.Value);
Console.WriteLine($"Sent {sent} sentences ({Corpus.Words(sent)} words); counted {counted} words.");
Console.WriteLine("Top words: " + app.FormatTop(10));
await app.StopAsync();
return counted == Corpus.Words(sent) ? 0 : 1;
