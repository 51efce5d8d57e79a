using System.Diagnostics;

namespace FaustGen.Chaos;

/// <summary>
/// The managed stacks of every thread of this process, written by <c>dotnet-stack</c> when it is installed
/// (<c>dotnet tool install -g dotnet-stack</c>), so that a worker whose disposal hangs shows where: a native
/// librdkafka call shows as the P/Invoke frame that made it.
/// </summary>
internal static class StackDump
{
    /// <summary>Writes the stacks to <paramref name="path"/>; returns why not when it could not.</summary>
    public static async Task<string?> WriteAsync(string path)
    {
        var tool = FindTool();
        if (tool is null)
        {
            return "dotnet-stack is not installed";
        }

        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "report", "-p", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            return "dotnet-stack did not finish in 60 s";
        }

        await File.WriteAllTextAsync(path, await output + await errors);
        return process.ExitCode == 0 ? null : $"dotnet-stack exited with {process.ExitCode}";
    }

    private static string? FindTool()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Append(Path.Combine(home, ".dotnet", "tools"));
        return directories.Select(d => Path.Combine(d, "dotnet-stack")).FirstOrDefault(File.Exists);
    }
}
