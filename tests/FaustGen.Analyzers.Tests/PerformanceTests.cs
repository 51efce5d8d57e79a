using System.Diagnostics;
using System.Text;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace FaustGen.Analyzers.Tests;

/// <summary>
/// The analyzers on a large app stay cheap next to compiling it: their own execution time (Roslyn's telemetry) on a
/// 200-agent app with its generated code is compared with the compiler's time to bind and check the same code.
/// Runs alone, so other tests do not skew the two times differently.
/// </summary>
[Collection(nameof(PerformanceTests))]
public sealed class PerformanceTests(ITestOutputHelper output)
{
    private const int Agents = 200;

    [Fact]
    public async Task Analyzing_a_200_agent_app_costs_a_fraction_of_compiling_it()
    {
        var compilation = Compiler.Generate(AppSource(Agents));

        // Warm both paths up (JIT) on a small app, then take the best of two runs on fresh copies of the large one.
        var small = Compiler.Generate(AppSource(10));
        _ = small.GetDiagnostics();
        await Compiler.AnalyzeAsync(small);
        var compile = TimeSpan.MaxValue;
        var analyze = TimeSpan.MaxValue;
        for (var run = 0; run < 2; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            var errors = compilation.Clone().GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            stopwatch.Stop();
            Assert.Empty(errors);
            compile = Min(compile, stopwatch.Elapsed);

            var (diagnostics, time) = await Compiler.AnalyzeAsync(compilation.Clone());
            Assert.Empty(diagnostics);
            analyze = Min(analyze, time);
        }

        output.WriteLine($"{Agents} agents: compile {compile.TotalMilliseconds:F0} ms, FaustGen analyzers {analyze.TotalMilliseconds:F1} ms ({analyze.TotalMilliseconds / compile.TotalMilliseconds:P1} of compile)");
        Assert.True(analyze < compile / 2, $"the analyzers took {analyze.TotalMilliseconds:F1} ms, compiling {compile.TotalMilliseconds:F0} ms");
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>
    /// A valid app of every kind of member: a topic per ten agents, a record, tables written by single agents and
    /// read by concurrent ones, stream agents that repartition, yielding agents with sinks, and timers.
    /// </summary>
    private static string AppSource(int agents)
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

/// <summary>The collection of tests that run alone.</summary>
[CollectionDefinition(nameof(PerformanceTests), DisableParallelization = true)]
public sealed class PerformanceCollection
{
}
