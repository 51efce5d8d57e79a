using System.Diagnostics;
using System.Text.Json;
using FaustGen.Testing;

namespace FaustGen.Web.Tests;

/// <summary>
/// The dashboard in a real headless browser: Debian's chromium driven by npm's playwright-core (Browser/), chosen
/// over the Microsoft.Playwright package because that package restores a ~790 MB driver bundle while
/// playwright-core is ~14 MB and drives the same system chromium. Set FAUSTGEN_UPDATE_SCREENSHOT=1 to refresh
/// docs/dashboard.png from this test.
/// </summary>
public sealed class DashboardTests
{
    [Fact]
    public async Task The_dashboard_fills_refreshes_by_itself_and_shows_agents_partitions_tables_errors_and_failures_handled()
    {
        var browser = BrowserDirectory();
        var chromium = Chromium();
        var app = new WebCounter($"dashboard-{Guid.NewGuid():N}", "memory://", webPort: 0, s => s.RecordEventDurations = true);
        await using var test = await AppTestContext.StartAsync(app);
        using var feeding = new CancellationTokenSource();
        var feeder = Task.Run(async () =>
        {
            // A steady trickle, so rates and counts move while the page watches.
            var corpus = new[] { "habe", "nun", "ach", "philosophie", "juristerei", "und", "medizin", "boom" };
            for (var i = 0; !feeding.IsCancellationRequested; i++)
            {
                await app.Words.SendAsync(corpus[i % corpus.Length], corpus[i % corpus.Length]);
                await Task.Delay(20);
            }
        });

        var screenshot = Environment.GetEnvironmentVariable("FAUSTGEN_UPDATE_SCREENSHOT") == "1"
            ? Path.Combine(RepositoryRoot(), "docs", "dashboard.png")
            : Path.Combine(Path.GetTempPath(), $"faustgen-dashboard-{Guid.NewGuid():N}.png");
        var (exit, output, errors) = await RunAsync("node", browser, Path.Combine(browser, "dashboard.mjs"), app.Site!.Url!.ToString(), screenshot, chromium);
        await feeding.CancelAsync();
        await feeder;
        Assert.True(exit == 0, $"The browser script failed ({exit}): {errors}{output}");

        using var seen = JsonDocument.Parse(output);
        var root = seen.RootElement;
        Assert.Empty(root.GetProperty("failures").EnumerateArray());
        Assert.True(root.GetProperty("refreshed").GetBoolean(), "The page did not refresh by itself.");
        Assert.Equal(app.Settings.Id, root.GetProperty("app").GetString());
        Assert.Equal("Running", root.GetProperty("state").GetString());
        Assert.Equal("ready", root.GetProperty("ready").GetString());
        var agent = Cells(root, "agents").Single();
        Assert.Equal(["count", "words"], agent[..2]);
        Assert.True(long.Parse(agent[2].Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) > 0, "processed");
        Assert.Equal(4, Cells(root, "assigned").Count);
        Assert.All(Cells(root, "assigned"), p => Assert.Equal("words", p[0]));
        Assert.Equal(["counts", "scores", "recent"], Cells(root, "tables").Select(t => t[0]));
        Assert.Equal(["string → long", "int → string", "Windowed<string> → long"], Cells(root, "tables").Select(t => t[1]));
        Assert.Contains(Cells(root, "errors"), e => e[1] == "agent count" && e[2] == "InvalidOperationException: no boom allowed");
        Assert.Contains(Cells(root, "handled"), h => h[..3] is ["count", "processing", "skipped"] && h[3] != "0");
        Assert.Equal("Tables rebuilt: nothing left to replay.", root.GetProperty("recovery").GetString());
        Assert.Equal("none", root.GetProperty("standbys").GetString());
        Assert.True(new FileInfo(screenshot).Length > 10_000, "The screenshot is missing or empty.");
    }

    private static List<string[]> Cells(JsonElement root, string table) =>
        [.. root.GetProperty(table).EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToArray())];

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FaustGen.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("FaustGen.sln not found above " + AppContext.BaseDirectory);
    }

    private static string BrowserDirectory()
    {
        var browser = Path.Combine(RepositoryRoot(), "tests", "FaustGen.Web.Tests", "Browser");
        Assert.True(
            Directory.Exists(Path.Combine(browser, "node_modules", "playwright-core")),
            $"playwright-core is not installed: run 'npm ci --prefix {browser}' (.ci/run does).");
        return browser;
    }

    private static string Chromium()
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        Assert.True(chromium is not null, "Debian's chromium is not installed: run 'apt-get install -y chromium' (.ci/run does).");
        return chromium!;
    }

    private static async Task<(int Exit, string Output, string Errors)> RunAsync(string file, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}
