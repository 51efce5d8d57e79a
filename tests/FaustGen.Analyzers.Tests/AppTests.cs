using Microsoft.CodeAnalysis.Testing;

namespace FaustGen.Analyzers.Tests;

/// <summary>FAUST1xxx: [App] classes and their settings.</summary>
public sealed class AppTests
{
    private static DiagnosticResult Diagnostic(string id, int location) => Verify.Diagnostic(id).WithLocation(location);

    [Fact]
    public Task FAUST1001_an_app_class_that_is_not_partial() => Verify.AnalyzerAsync("""
        [App("orders")]
        public sealed class {|#0:Orders|}
        {
        }

        public class {|#1:Outer|}
        {
            [App("inner")]
            public partial class Inner
            {
            }
        }
        """,
        Diagnostic(DiagnosticIds.AppNotPartial, 0).WithArguments("Orders", "Orders"),
        Diagnostic(DiagnosticIds.AppNotPartial, 1).WithArguments("Outer", "Inner"));

    [Fact]
    public Task FAUST1001_an_app_class_with_partial_members_is_reported_by_the_generator_once() => Verify.AnalyzerAsync("""
        [App("orders")]
        public sealed class {|#0:Orders|}
        {
            [Topic("orders")] public partial Topic<string, string> Placed { get; }
        }

        public class {|#1:Outer|}
        {
            [App("inner")]
            public partial class Inner
            {
                [Table("totals")] public partial Table<string, long> Totals { get; }
            }

            [App("other")]
            public partial class Other
            {
            }
        }
        """,
        Diagnostic(DiagnosticIds.AppNotPartial, 0).WithArguments("Orders", "Orders"),
        Diagnostic(DiagnosticIds.AppNotPartial, 1).WithArguments("Outer", "Inner"),
        Diagnostic(DiagnosticIds.AppNotPartial, 1).WithArguments("Outer", "Other"));

    [Fact]
    public Task FAUST1001_near_miss_partial_app_classes_nested_in_partial_types() => Verify.CleanAsync("""
        [App("orders")]
        public sealed partial class Orders
        {
        }

        public partial class Outer
        {
            [App("inner")]
            public partial class Inner
            {
            }
        }
        """);

    [Fact]
    public Task FAUST1002_an_app_that_is_a_record_static_or_generic() => Verify.AnalyzerAsync("""
        [App("record")]
        public partial record {|#0:RecordApp|};

        [App("static")]
        public static partial class {|#1:StaticApp|}
        {
        }

        [App("generic")]
        public partial class {|#2:GenericApp|}<T>
        {
        }

        public partial class Holder<T>
        {
            [App("nested")]
            public partial class {|#3:NestedApp|}
            {
            }
        }
        """,
        Diagnostic(DiagnosticIds.AppKind, 0).WithArguments("RecordApp", "an [App] type must be a class (not a record or a struct)"),
        Diagnostic(DiagnosticIds.AppKind, 1).WithArguments("StaticApp", "an [App] class must not be static"),
        Diagnostic(DiagnosticIds.AppKind, 2).WithArguments("GenericApp", "an [App] class must not be generic"),
        Diagnostic(DiagnosticIds.AppKind, 3).WithArguments("NestedApp", "an [App] class must not be nested in a generic type"));

    [Fact]
    public Task FAUST1002_near_miss_a_sealed_app_in_a_non_generic_type() => Verify.CleanAsync("""
        public partial class Holder
        {
            [App("nested")]
            public sealed partial class NestedApp
            {
            }
        }
        """);

    [Fact]
    public Task FAUST1003_an_app_with_another_base_class() => Verify.AnalyzerAsync("""
        [App("wrong-base")]
        public partial class {|#0:WrongBase|} : Exception
        {
        }
        """,
        Diagnostic(DiagnosticIds.AppBase, 0).WithArguments("WrongBase", "Exception"));

    [Fact]
    public Task FAUST1003_near_miss_apps_deriving_from_App_or_from_another_app() => Verify.CleanAsync("""
        public abstract class Base : App
        {
        }

        [App("derived")]
        public partial class Derived : Base
        {
        }

        [App("parent")]
        public partial class Parent
        {
        }

        [App("child")]
        public partial class Child : Parent
        {
        }
        """);

    [Fact]
    public Task FAUST1004_an_app_that_declares_Define() => Verify.AnalyzerAsync("""
        [App("own-define")]
        public partial class OwnDefine : App
        {
            protected override void {|#0:Define|}(AppDefinition definition) => base.Define(definition);
        }
        """,
        Diagnostic(DiagnosticIds.AppDefinesDefine, 0).WithArguments("OwnDefine"));

    [Fact]
    public Task FAUST1004_near_miss_a_Define_overload_of_its_own() => Verify.CleanAsync("""
        [App("overload")]
        public partial class Overload
        {
            public void Define(string what) { }
        }
        """);

    [Fact]
    public Task FAUST1005_members_outside_an_app() => Verify.AnalyzerAsync("""
        public class Helper
        {
            [{|#0:Agent("orders")|}] public void Handle(string value) { }
            [{|#1:Timer(5)|}] public void Tick() { }
            [{|#2:StartupTask|}] public void Start() { }
            [{|#3:Topic("orders")|}] public Topic<string, string>? Orders { get; }
            [{|#4:Table("counts")|}] public Table<string, long>? Counts { get; }
        }

        [App("real")]
        public partial class RealApp
        {
            public class Nested
            {
                [{|#5:Agent("orders")|}] public void Handle(string value) { }
            }
        }
        """,
        Diagnostic(DiagnosticIds.MemberOutsideApp, 0).WithArguments("Agent", "Handle", "Helper"),
        Diagnostic(DiagnosticIds.MemberOutsideApp, 1).WithArguments("Timer", "Tick", "Helper"),
        Diagnostic(DiagnosticIds.MemberOutsideApp, 2).WithArguments("StartupTask", "Start", "Helper"),
        Diagnostic(DiagnosticIds.MemberOutsideApp, 3).WithArguments("Topic", "Orders", "Helper"),
        Diagnostic(DiagnosticIds.MemberOutsideApp, 4).WithArguments("Table", "Counts", "Helper"),
        Diagnostic(DiagnosticIds.MemberOutsideApp, 5).WithArguments("Agent", "Handle", "Nested"));

    [Fact]
    public Task FAUST1005_near_miss_the_same_members_in_an_app() => Verify.CleanAsync("""
        [App("helper")]
        public partial class Helper
        {
            [Agent("orders")] public void Handle(string value) { }
            [Timer(5)] public void Tick() { }
            [StartupTask] public void Start() { }
            [Topic("orders")] public partial Topic<string, string> Orders { get; }
            [Table("counts")] public partial Table<string, long> Counts { get; }
        }
        """);

    [Fact]
    public Task FAUST1006_app_ids_that_are_empty_too_long_or_make_bad_topic_names() => Verify.AnalyzerAsync($$"""
        [App({|#0:""|})]
        public partial class Empty
        {
        }

        [App({|#1:"word count"|})]
        public partial class Space
        {
        }

        [App({|#2:"{{new string('a', 238)}}"|})]
        public partial class TooLong
        {
        }
        """,
        Diagnostic(DiagnosticIds.AppId, 0).WithArguments("", "the app id must not be empty"),
        Diagnostic(DiagnosticIds.AppId, 1).WithArguments("word count", "' ' at position 4 cannot be part of the internal topic names the id prefixes; use only letters, digits, '.', '_' and '-'"),
        Diagnostic(DiagnosticIds.AppId, 2).WithArguments(new string('a', 238), "the app id prefixes internal topic names, so it has at most 237 characters"));

    [Fact]
    public Task FAUST1006_near_miss_ids_at_the_limits() => Verify.CleanAsync($$"""
        [App("{{new string('a', 237)}}")]
        public partial class Longest
        {
        }

        [App("Orders.v2_eu-1")]
        public partial class Punctuated
        {
        }
        """);

    [Fact]
    public Task FAUST1007_broker_urls_with_an_unknown_scheme_or_a_bad_host_list() => Verify.AnalyzerAsync("""
        [App("a", Broker = {|#0:"ftp://nowhere"|})]
        public partial class Ftp
        {
        }

        [App("b", Broker = {|#1:"kafka://k1:9092;k2"|})]
        public partial class NoPort
        {
        }

        [App("c", Broker = {|#2:"kafka://k1:99999"|})]
        public partial class BadPort
        {
        }

        [App("d", Broker = {|#3:"localhost:9092"|})]
        public partial class NoScheme
        {
        }
        """,
        Diagnostic(DiagnosticIds.BrokerUrl, 0).WithArguments("ftp://nowhere", "unknown scheme 'ftp'; expected one of kafka, embedded, memory"),
        Diagnostic(DiagnosticIds.BrokerUrl, 1).WithArguments("kafka://k1:9092;k2", "'k2' is not host:port"),
        Diagnostic(DiagnosticIds.BrokerUrl, 2).WithArguments("kafka://k1:99999", "'99999' in 'k1:99999' is not a port from 1 to 65535"),
        Diagnostic(DiagnosticIds.BrokerUrl, 3).WithArguments("localhost:9092", "expected scheme://…, for example kafka://localhost:9092, embedded:// or memory://"));

    [Fact]
    public Task FAUST1007_near_miss_every_broker_scheme() => Verify.CleanAsync("""
        [App("a", Broker = "kafka://k1:9092;k2:9093,k3:9094")]
        public partial class Kafka
        {
        }

        [App("b", Broker = "embedded://3")]
        public partial class Embedded
        {
        }

        [App("c", Broker = "embedded://orders-test")]
        public partial class Named
        {
        }

        [App("d", Broker = "memory://")]
        public partial class Memory
        {
        }

        [App("e", Broker = null)]
        public partial class Default
        {
        }
        """);

    [Fact]
    public Task FAUST1008_a_store_url_with_an_unknown_scheme() => Verify.AnalyzerAsync("""
        [App("a", Store = {|#0:"s3://bucket"|})]
        public partial class S3
        {
        }
        """,
        Diagnostic(DiagnosticIds.StoreUrl, 0).WithArguments("s3://bucket", "unknown scheme 's3'; expected one of memory, rocksdb"));

    [Fact]
    public Task FAUST1008_near_miss_memory_and_rocksdb_stores() => Verify.CleanAsync("""
        [App("a", Store = "rocksdb:///var/lib/orders")]
        public partial class RocksDb
        {
        }

        [App("b", Store = "memory://")]
        public partial class Memory
        {
        }
        """);

    [Fact]
    public Task FAUST1009_settings_out_of_range() => Verify.AnalyzerAsync("""
        [App("a", ReplicationFactor = {|#0:0|}, StandbyReplicas = {|#1:-1|}, CommitIntervalSeconds = {|#2:0|}, TopicPartitions = {|#3:0|}, ClientId = {|#4:" "|})]
        public partial class OutOfRange
        {
        }
        """,
        Diagnostic(DiagnosticIds.Setting, 0).WithArguments("ReplicationFactor", "the replication factor must be 1 or more"),
        Diagnostic(DiagnosticIds.Setting, 1).WithArguments("StandbyReplicas", "the standby replica count must be 0 or more"),
        Diagnostic(DiagnosticIds.Setting, 2).WithArguments("CommitIntervalSeconds", "the commit interval must be a positive number of seconds"),
        Diagnostic(DiagnosticIds.Setting, 3).WithArguments("TopicPartitions", "the partition count must be 1 or more"),
        Diagnostic(DiagnosticIds.Setting, 4).WithArguments("ClientId", "the client id must not be empty"));

    [Fact]
    public Task FAUST1009_near_miss_settings_at_their_lower_bounds() => Verify.CleanAsync("""
        [App("a", ReplicationFactor = 1, StandbyReplicas = 0, CommitIntervalSeconds = 0.001, TopicPartitions = 1, ClientId = "c")]
        public partial class Bounds
        {
        }
        """);

    [Fact]
    public Task FAUST1010_two_apps_with_one_id() => Verify.AnalyzerAsync("""
        [App("orders")]
        public partial class Orders
        {
        }

        [App({|#0:"orders"|})]
        public partial class OrdersAgain
        {
        }
        """,
        Diagnostic(DiagnosticIds.DuplicateAppId, 0).WithArguments("orders", "OrdersAgain", "Orders"));

    [Fact]
    public Task FAUST1010_near_miss_two_apps_with_ids_that_differ_in_case() => Verify.CleanAsync("""
        [App("orders")]
        public partial class Orders
        {
        }

        [App("Orders")]
        public partial class OrdersAgain
        {
        }
        """);
}
