using System.Reflection;
using System.Runtime.InteropServices;

namespace FaustGen.Kafka.Embedded;

/// <summary>
/// The librdkafka functions behind <see cref="EmbeddedKafkaCluster"/>: Confluent.Kafka does not expose the
/// mock cluster, but the native library it loads exports it.
/// </summary>
internal static partial class MockNative
{
    private const string Library = "librdkafka";

    static MockNative() => NativeLibrary.SetDllImportResolver(typeof(MockNative).Assembly, Resolve);

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_new")]
    internal static partial nint ConfNew();

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_set", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ConfSet(nint conf, string name, string value, byte[] errstr, nuint errstrSize);

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_destroy")]
    internal static partial void ConfDestroy(nint conf);

    /// <summary>Takes ownership of <paramref name="conf"/> when it succeeds.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_new")]
    internal static partial nint New(int type, nint conf, byte[] errstr, nuint errstrSize);

    [LibraryImport(Library, EntryPoint = "rd_kafka_destroy")]
    internal static partial void Destroy(nint rk);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_new")]
    internal static partial nint ClusterNew(nint rk, int brokers);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_destroy")]
    internal static partial void ClusterDestroy(nint cluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_bootstraps")]
    internal static partial nint ClusterBootstraps(nint cluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_group_initial_rebalance_delay_ms")]
    internal static partial void GroupInitialRebalanceDelayMs(nint cluster, int delayMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_topic_create", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int TopicCreate(nint cluster, string topic, int partitions, int replicationFactor);

    // The variadic rd_kafka_mock_push_request_errors cannot be called portably; this is its array twin.
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_push_request_errors_array")]
    internal static unsafe partial void PushRequestErrorsArray(nint cluster, short apiKey, nuint count, int* errors);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_clear_request_errors")]
    internal static partial void ClearRequestErrors(nint cluster, short apiKey);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_down")]
    internal static partial int BrokerSetDown(nint cluster, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_up")]
    internal static partial int BrokerSetUp(nint cluster, int brokerId);

    // Changes only the address a broker advertises (in Metadata and FindCoordinator), not where it listens.
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_host_port", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void BrokerSetHostPort(nint cluster, int brokerId, string host, int port);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_set_apiversion")]
    internal static partial int SetApiVersion(nint cluster, short apiKey, short minVersion, short maxVersion);

    /// <summary>
    /// Resolves <c>librdkafka</c> to the file Confluent.Kafka itself uses: it tries the package's default
    /// build first and falls back to the one without GSSAPI linkage (the default needs libsasl2, which Debian 12
    /// lacks) or to the musl build on Alpine. Loading a file that is loaded already returns the same handle, so
    /// once Confluent.Kafka has initialised, this finds the very library (and allocator) it uses.
    /// </summary>
    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != Library)
        {
            return 0;
        }

        // Let Confluent.Kafka load first, so both agree on the file when several would load.
        _ = Confluent.Kafka.Library.Version;
        foreach (var candidate in Candidates())
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }

        return 0;
    }

    private static string[] Candidates()
    {
        if (OperatingSystem.IsLinux())
        {
            return IsAlpine() ? ["alpine-librdkafka", Library] : [Library, "centos8-librdkafka"];
        }

        return [Library];
    }

    private static bool IsAlpine()
    {
        try
        {
            return File.Exists("/etc/os-release") &&
                   File.ReadLines("/etc/os-release").Any(l => l.Equals("ID=alpine", StringComparison.Ordinal) || l.Equals("ID=\"alpine\"", StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false;
        }
    }
}
