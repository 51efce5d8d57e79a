using System.Reflection;

namespace FaustGen.Analyzers.Tests;

/// <summary>Files of the repository the tests read: the diagnostics' documentation and the samples.</summary>
internal static class Repository
{
    public static string Root { get; } = typeof(Repository).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static string PathOf(string relative) => Path.Combine(Root, relative);
}
