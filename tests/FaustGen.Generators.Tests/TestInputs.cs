namespace FaustGen.Generators.Tests;

/// <summary>Source the tests feed the generator: valid apps, each baselined, and apps with invalid members.</summary>
internal static class TestInputs
{
    public const string WordCount = """
        using FaustGen;
        namespace Samples;
        [App("word-count", ValueSerializer = "json")]
        public sealed partial class WordCount
        {
            [Topic("words")] public partial Topic<string, string> Words { get; }
            [Table("counts", Default = 0L)] public partial Table<string, long> Counts { get; }
            [Agent("sentences")]
            public async Task Split(IAgentStream<string> sentences)
            {
                await foreach (var s in sentences)
                    foreach (var w in s.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                        await Words.SendAsync(w, w);
            }
            [Agent("words")]
            public void Count(string word) => Counts[word] += 1;
            [Timer(30)]
            public void Report() { }
        }
        """;

    public const string AgentShapes = """
        using System.Runtime.CompilerServices;
        using FaustGen;
        namespace Shapes;

        public sealed record Order(string Id, decimal Amount);

        [App("shapes")]
        public partial class ShapesApp
        {
            [Topic("orders")] public partial Topic<string, Order> Orders { get; }
            [Topic("totals")] public partial Topic<string, decimal> Totals { get; }

            [Agent("orders")]
            public void OnValue(Order order) { }

            [Agent("orders", Name = "keyed")]
            public ValueTask OnKeyValue(string key, Order order, CancellationToken cancellationToken) => default;

            [Agent("orders", Name = "events")]
            public Task OnEvent(Event<string, Order> e) => Task.CompletedTask;

            [Agent("orders", Name = "events-in")]
            public void OnEventIn(in Event<string, Order> e, CancellationToken cancellationToken) { }

            [Agent("raw")]
            public static void OnRaw(string value) { }

            [Agent("pairs")]
            public ValueTask OnPair(int key, string? value) => default;

            [Agent("orders", Name = "stream", Concurrency = 4)]
            public async Task OnStream(IAgentStream<Order> orders)
            {
                await foreach (var _ in orders)
                {
                }
            }

            [Agent("orders", Name = "keyed-stream", OnError = AgentErrorPolicy.DeadLetter, DeadLetterTopic = "orders-dead")]
            public Task OnKeyedStream(IAgentStream<string, Order> orders, CancellationToken cancellationToken) => Task.CompletedTask;

            [Agent("orders", Name = "amounts", Sinks = new[] { "totals", "audit" })]
            public async IAsyncEnumerable<decimal> Amounts(IAgentStream<Order> orders)
            {
                await foreach (var order in orders)
                {
                    yield return order.Amount;
                }
            }

            [Agent("lines", OnError = AgentErrorPolicy.Stop)]
            public static async IAsyncEnumerable<string> Lines(IAgentStream<string, string> lines, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await foreach (var line in lines.WithCancellation(cancellationToken))
                {
                    yield return line.ToUpperInvariant();
                }
            }

            [Agent("class")]
            public void @class(string value) { }
        }
        """;

    public const string Resilience = """
        using FaustGen;
        namespace Resilient;

        public sealed class Timing : AgentMiddleware
        {
        }

        public sealed class Auditing : AgentMiddleware
        {
        }

        public sealed class OutOfStock : Exception
        {
        }

        [App("resilient")]
        [Retry(MaxAttempts = 2, Delay = 0.25)]
        [Middleware<Timing>]
        public partial class ResilientApp
        {
            [Agent("orders")]
            [Retry(MaxAttempts = 4, Delay = 0.5, Backoff = RetryBackoff.Linear, MaxDelay = 0, Jitter = true, RetryOn = new[] { typeof(TimeoutException), typeof(OutOfStock) }, Topics = 2, TopicDelay = 30)]
            [Middleware<Auditing>]
            [Middleware<Timing>]
            public void Place(string order) { }

            [Agent("payments")]
            public Task Pay(IAgentStream<string> payments) => Task.CompletedTask;

            [OnStarted] public void Started() { }
            [OnStopping] public Task Stopping(CancellationToken cancellationToken) => Task.CompletedTask;
            [OnPartitionsAssigned] public ValueTask Assigned(IReadOnlyCollection<TopicPartition> partitions) => default;
            [OnPartitionsRevoked] public static void Revoked(IReadOnlyCollection<TopicPartition> partitions, CancellationToken cancellationToken) { }
            [OnRecoveryComplete] public void Recovered(CancellationToken cancellationToken) { }
        }
        """;

    public const string Scheduled = """
        using FaustGen;
        namespace Scheduling;

        [App("scheduled")]
        public partial class Scheduler
        {
            [Timer(30)]
            public void Report() { }

            [Timer(0.25, OnLeader = true)]
            public Task Tick(CancellationToken cancellationToken) => Task.Delay(1, cancellationToken);

            [Timer(3600)]
            public static ValueTask Cleanup() => default;

            [StartupTask]
            public void Hello() { }

            [StartupTask(OnLeader = true)]
            public async Task Migrate(CancellationToken cancellationToken) => await Task.Delay(1, cancellationToken);

            [StartupTask]
            private ValueTask Warm(CancellationToken cancellationToken) => default;
        }
        """;

    public const string Tables = """
        using FaustGen;
        namespace Tabling;

        public enum Level { Low, High = 5 }

        [App("tables", Store = "memory://", TopicPartitions = 4)]
        public partial class TablesApp
        {
            [Table("counts", Default = 0L)] public partial Table<string, long> Counts { get; }
            [Table("widened", Default = 1)] public partial Table<string, long> Widened { get; }
            [Table("ratios", Default = 0.5, Partitions = 4, Help = "Ratio per \"key\"")] public partial Table<string, double> Ratios { get; }
            [Table("names", Default = "unknown", KeySerializer = "json", ValueSerializer = "raw")] internal partial Table<int, string> Names { get; }
            [Table("levels", Default = Level.High)] public partial Table<string, Level> Levels { get; }
            [Table("flags", Default = true)] public partial Table<string, bool> Flags { get; }
            [Table("maybe", Default = 3)] public partial Table<string, int?> Maybe { get; }
            [Table("small", Default = 7)] public partial Table<string, byte> Small { get; }
            [Table("initials", Default = 'x')] public partial Table<string, char> Initials { get; }
            [Table("codes", Default = 'x')] public partial Table<string, int> Codes { get; }
            [Table("money", Default = 10)] public partial Table<string, decimal> Money { get; }
            [Table("scores", Default = 1.5f)] public partial Table<string, float> Scores { get; }
            [Table("plain")] public partial Table<string, string?> Plain { get; }
            [Table("nothing", Default = null)] public partial Table<string, string?> Nothing { get; }
        }
        """;

    public const string Topics = """
        using FaustGen;
        namespace Topical;

        [App("topics", Broker = "kafka://k1:9092;k2:9092", Store = "memory://", SchemaRegistryUrl = "http://registry:8081",
            ClientId = "topics-client", CommitIntervalSeconds = 2.5, KeySerializer = "json", ValueSerializer = "json",
            StandbyReplicas = 1, ReplicationFactor = 3, TopicPartitions = 12)]
        public partial class TopicsApp
        {
            [Topic("plain")] public partial Topic<string, string> Plain { get; }
            [Topic("events", Partitions = 12, KeySerializer = "raw", ValueSerializer = "json")] public partial Topic<Guid, byte[]> Events { get; }
            [Topic("state", Internal = true, Compacted = true, RetentionSeconds = 86400)] protected new partial Topic<string, long?> State { get; }
            [Topic("notes", Partitions = 0, Internal = false)] internal partial Topic<string, string?> Notes { get; }
            [Topic("class")] public partial Topic<int, int> @class { get; }

            [Agent("notes")]
            public void OnNote(string? note) { }
        }
        """;

    public const string Channels = """
        using FaustGen;
        namespace Local;

        [App("channels")]
        public partial class ChannelsApp
        {
            [Channel("jobs")] public partial Channel<string, int> Jobs { get; }
            [Topic("results")] public partial Topic<string, int> Results { get; }

            [Agent("jobs")]
            public async Task Work(string key, int job) => await Results.SendAsync(key, job * 2);
        }
        """;

    public const string Nested = """
        using FaustGen;

        [App("global-app")]
        public partial class GlobalApp
        {
            [Timer(1)]
            public void Tick() { }
        }

        namespace Outer.Inner
        {
            public static partial class Host
            {
                public partial record Holder
                {
                    [App("nested")]
                    internal sealed partial class NestedApp
                    {
                        [Topic("a")] public partial Topic<string, string> A { get; }

                        [Agent("a")]
                        public void Handle(string value) { }
                    }
                }
            }

            public abstract class BaseApp : App
            {
            }

            [App("derived")]
            public partial class DerivedApp : BaseApp
            {
                [StartupTask]
                public void Start() { }
            }

            [App("child")]
            public sealed partial class ChildApp : global::GlobalApp
            {
                [Agent("child-input")]
                public void Handle(string value) { }
            }
        }
        """;

    /// <summary>Properties and a class the generator refuses: each partial property still gets an implementation, which throws.</summary>
    public const string Refused = """
        using FaustGen;
        namespace Refusals;

        [App("refusals")]
        public partial class RefusingApp
        {
            [Topic("page views")] public partial Topic<string, string> PageViews { get; }
            [Topic("clicks")] public partial Topic<string, string> Clicks { get; private set; }
            [Table("counts", Default = "zero")] public partial Table<string, long> Counts { get; }
            [Table("totals", Default = 0L)] public partial Table<string, long> Totals { get; }

            [Agent("clicks")] public void CountClick(string click) { }
            [Agent("views")] public void CountView(string view) { }
        }

        [App("wrong-base")]
        public partial class WrongBase : Exception
        {
            [Topic("words")] public partial Topic<string, string> Words { get; }
            [Table("bad name")] internal partial Table<string, long> BadName { get; }
        }
        """;

    /// <summary>An app class that is not partial but declares partial members: the generator reports it (FAUST1001).</summary>
    public const string NotPartial = """
        using FaustGen;
        namespace Refusals;

        [App("not-partial")]
        public class NotPartialApp
        {
            [Topic("t")] public partial Topic<string, string> T { get; }
        }
        """;

    /// <summary>FaustGen properties of a class that is not an app (FAUST1005): they are implemented, throwing, in a part of that class.</summary>
    public const string Stray = """
        using FaustGen;
        namespace Refusals;

        public partial class Helper
        {
            [Topic("page-views")] public partial Topic<string, string> PageViews { get; }
            [Table("counts")] internal partial Table<string, long> Counts { get; }
            [Topic("plain")] public Topic<string, string>? Plain { get; }
        }
        """;

    public const string Extension = """
        using FaustGen;
        namespace Extended;

        [App("extended", Broker = "memory://")]
        public partial class ExtendedApp
        {
        }
        """;

    /// <summary>An app whose topics carry protobuf messages (Google.Protobuf's own Timestamp and Duration), with FaustGen.Protobuf referenced.</summary>
    public const string Protobuf = """
        using FaustGen;
        using Google.Protobuf.WellKnownTypes;
        namespace Proto;

        [App("proto", Broker = "memory://")]
        public partial class ProtoApp
        {
            [Topic("ticks", ValueSerializer = "protobuf")] public partial Topic<string, Timestamp> Ticks { get; }

            [Table("latest", ValueSerializer = "protobuf")] public partial Table<string, Timestamp> Latest { get; }

            [Agent("spans")]
            public void OnSpan(Duration span) { }
        }
        """;

    /// <summary>The assembly a transport/store/codec package would be: it names its extensions with [FaustGenExtension].</summary>
    public const string ExtensionAssembly = """
        using FaustGen;
        using FaustGen.Codecs;
        using FaustGen.Stores;
        using FaustGen.Transport;

        [assembly: FaustGenExtension(typeof(Extension.CsvCodec))]
        [assembly: FaustGenExtension(typeof(Extension.PulsarTransportFactory))]
        [assembly: FaustGenExtension(typeof(Extension.BlobStoreFactory))]
        [assembly: FaustGenExtension(typeof(Extension.HiddenTransportFactory))]
        [assembly: FaustGenExtension(typeof(Extension.NotAFactory))]

        namespace Extension;

        public sealed class PulsarTransportFactory : ITransportFactory
        {
            public string Scheme => "pulsar";

            public ITransport Create(TransportContext context) => throw new NotSupportedException();
        }

        public sealed class BlobStoreFactory : IStoreFactory
        {
            public string Scheme => "blob";

            public IStore<TKey, TValue> Create<TKey, TValue>(StoreContext<TKey, TValue> context)
                where TKey : notnull => throw new NotSupportedException();
        }

        internal sealed class HiddenTransportFactory : ITransportFactory
        {
            public string Scheme => "hidden";

            public ITransport Create(TransportContext context) => throw new NotSupportedException();
        }

        public sealed class NotAFactory
        {
        }

        [CodecName("csv")]
        public sealed class CsvCodec : Codec
        {
            public CsvCodec() : base("csv")
            {
            }

            public override ICodec<T>? For<T>() => null;
        }
        """;
}
