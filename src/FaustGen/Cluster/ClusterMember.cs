namespace FaustGen;

/// <summary>A worker of an app as the cluster map knows it.</summary>
/// <param name="Id">The worker's id, unique for the life of its app instance.</param>
/// <param name="Url">Where its web site is reached (<see cref="AppSettings.CanonicalUrl"/>), or null.</param>
/// <param name="Started">When it started; the worker that started first leads.</param>
/// <param name="Updated">When it last published its entry (by its own clock).</param>
/// <param name="Partitions">The partitions it holds.</param>
public sealed record ClusterMember(string Id, string? Url, DateTimeOffset Started, DateTimeOffset Updated, IReadOnlyList<TopicPartition> Partitions);
