using System.Diagnostics;
using System.Globalization;
using System.Text;
using FaustGen.Analyzers.Tests;
using Microsoft.CodeAnalysis;

// dotnet run -c Release --project tests/FaustGen.AnalyzerSpeed [-- --agents 200]
// FaustGen's analyzers on a large app, side by side with the compiler on the same code: the analyzers' own execution
// time (Roslyn's telemetry) against the time to bind and check the app with its generated code. Best of five runs
// each, after a warm-up on a small app. Exits 1 when the analyzers take half the compile time or more.
var agents = args.SkipWhile(a => a != "--agents").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(200);
var compilation = Compiler.Generate(LargeApp.Source(agents));
var small = Compiler.Generate(LargeApp.Source(10));
_ = small.GetDiagnostics();
await Compiler.AnalyzeAsync(small);

var compile = TimeSpan.MaxValue;
var analyze = TimeSpan.MaxValue;
for (var run = 0; run < 5; run++)
{
    var stopwatch = Stopwatch.StartNew();
    var errors = compilation.Clone().GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    stopwatch.Stop();
    if (errors.Count > 0)
    {
        Console.Error.WriteLine("The app does not compile: " + errors[0]);
        return 2;
    }

    compile = compile < stopwatch.Elapsed ? compile : stopwatch.Elapsed;
    var (diagnostics, time) = await Compiler.AnalyzeAsync(compilation.Clone());
    if (diagnostics.Length > 0)
    {
        Console.Error.WriteLine("The analyzers report a valid app: " + diagnostics[0]);
        return 2;
    }

    analyze = analyze < time ? analyze : time;
}

var share = analyze.TotalMilliseconds / compile.TotalMilliseconds;
Console.WriteLine($"{agents} agents, .NET {Environment.Version}, {Environment.ProcessorCount} cores, best of 5: compile {compile.TotalMilliseconds:F0} ms, FaustGen analyzers {analyze.TotalMilliseconds:F1} ms ({share:P1} of compile).");
return share < 0.5 ? 0 : 1;

/// <summary>The app the harness analyzes.</summary>
internal static class LargeApp
{
    /// <summary>
    /// A valid app of every kind of member: a topic per ten agents, a record, tables written by single agents and
    /// read by concurrent ones, stream agents that repartition, yielding agents with sinks, and timers.
    /// </summary>
    public static string Source(int agents)
    {
        var source = new StringBuilder("""
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using FaustGen;

            namespace Large;

            [Record]
            public sealed partial record Order(string Id, string Customer, decimal Amount, DateTimeOffset At);

            [App("large", KeySerializer = "string", ValueSerializer = "json")]
            public sealed partial class LargeApp
            {
                [Table("totals", Default = 0L)] public partial Table<string, long> Totals { get; }
                [Table("last")] public partial Table<string, Order> Last { get; }

            """);
        for (var topic = 0; topic < agents / 10; topic++)
        {
            source.AppendLine($"    [Topic(\"orders-{topic}\", Partitions = 8)] public partial Topic<string, Order> Orders{topic} {{ get; }}");
            source.AppendLine($"    [Topic(\"amounts-{topic}\")] public partial Topic<string, decimal> Amounts{topic} {{ get; }}");
        }

        for (var agent = 0; agent < agents; agent++)
        {
            var topic = agent / 10;
            var name = $"Name = \"agent-{agent}\"";
            source.AppendLine((agent % 5) switch
            {
                0 => $$"""
                        [Agent("orders-{{topic}}", {{name}})]
                        public void Count{{agent}}(string key, Order order)
                        {
                            Totals[order.Customer] += 1;
                            Last[key] = order;
                        }
                    """,
                1 => $$"""
                        [Agent("orders-{{topic}}", {{name}}, Concurrency = 4)]
                        public async Task Read{{agent}}(IAgentStream<string, Order> orders, CancellationToken cancellationToken)
                        {
                            await foreach (var order in orders.Where(o => o.Amount > 10))
                            {
                                if (Totals.TryGetValue(order.Customer, out var total) && total > 100)
                                {
                                    await Task.Delay(1, cancellationToken);
                                }
                            }
                        }
                    """,
                2 => $$"""
                        [Agent("orders-{{topic}}", {{name}})]
                        public async Task Regroup{{agent}}(IAgentStream<string, Order> orders)
                        {
                            await foreach (var order in orders.GroupBy(o => o.Customer, "by-customer-{{agent}}"))
                            {
                                Totals[order.Customer] += (long)order.Amount;
                            }
                        }
                    """,
                3 => $$"""
                        [Agent("orders-{{topic}}", {{name}}, Sinks = new[] { "amounts-{{topic}}" })]
                        public async IAsyncEnumerable<decimal> Sum{{agent}}(IAgentStream<Order> orders)
                        {
                            await foreach (var order in orders)
                            {
                                yield return order.Amount;
                            }
                        }
                    """,
                _ => $$"""
                        [Agent("orders-{{topic}}", {{name}}, OnError = AgentErrorPolicy.DeadLetter, DeadLetterTopic = "dead-{{agent}}")]
                        public ValueTask Event{{agent}}(Event<string, Order> e) => default;
                    """,
            });
        }

        for (var timer = 0; timer < agents / 20; timer++)
        {
            source.AppendLine($"    [Timer({timer + 1})] public void Report{timer}() => Console.WriteLine(Totals.Count);");
        }

        return source.Append('}').AppendLine().ToString();
    }
}
