using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FaustGen.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FaustGen.Web;

/// <summary>
/// A worker's web site (Faust's <c>WebSite</c>): the live dashboard at <c>/</c>, <c>/stats</c> (JSON),
/// <c>/metrics</c> (Prometheus text), <c>/health/live</c> and <c>/health/ready</c>, <c>/tables</c>, a table's value for a
/// key at <c>/tables/{table}/{key}</c> (a windowed table's windows of the key, narrowed by <c>?at=</c>, <c>?from=</c> and
/// <c>?to=</c>) answered by the worker that owns the key's partition, and
/// <c>/router/{table}/{key}</c>, which says which worker that is. Make it the app's site in the app class:
/// <code>protected override IWebSite? CreateWebSite() => new FaustWebSite(this);</code>
/// </summary>
/// <remarks>
/// It listens on <see cref="AppSettings.WebBind"/>:<see cref="AppSettings.WebPort"/> (127.0.0.1:6066 unless set) and
/// serves nothing when <see cref="AppSettings.WebEnabled"/> is false. Built on ASP.NET Core's slim builder with
/// handlers that write source-generated JSON, so it works in a Native AOT executable.
/// </remarks>
public sealed partial class FaustWebSite : IWebSite, IAsyncDisposable
{
    /// <summary>Marks a request one worker forwarded to another, so a request is forwarded at most once.</summary>
    public const string ForwardedHeader = "X-FaustGen-Forwarded";

    /// <summary>Names the worker that answered a table request.</summary>
    public const string WorkerHeader = "X-FaustGen-Worker";

    private static readonly TimeSpan ForwardTimeout = TimeSpan.FromSeconds(10);

    private readonly App app;
    private readonly Action<IEndpointRouteBuilder>? endpoints;
    private readonly ILogger logger;
    private WebApplication? web;
    private HttpClient? client;

    /// <summary>Creates the site of <paramref name="app"/>; <paramref name="endpoints"/>, when given, maps more endpoints
    /// (the app's own views) beside the built-in ones.</summary>
    public FaustWebSite(App app, Action<IEndpointRouteBuilder>? endpoints = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        this.app = app;
        this.endpoints = endpoints;
        logger = app.LoggerFactory.CreateLogger("FaustGen.Web");
    }

    /// <summary>Where the site listens once started (the port is the real one when <see cref="AppSettings.WebPort"/>
    /// is 0), or null when it is not serving.</summary>
    public Uri? Url { get; private set; }

    /// <summary>Starts listening, unless <see cref="AppSettings.WebEnabled"/> is false.</summary>
    /// <exception cref="IOException">The address is in use; the message names it and the setting to change.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = app.Settings;
        if (!settings.WebEnabled)
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FaustWebSite).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // The app logs; the site's own request logging would be noise. The app owns Ctrl-C and SIGTERM, so the
        // site's host must not react to them (it stops when the app stops it).
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, AppOwnedLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel => Listen(kestrel, settings.WebBind, settings.WebPort));
        web = builder.Build();
        Map(web);
        endpoints?.Invoke(web);
        client = new HttpClient { Timeout = ForwardTimeout };
        try
        {
            await web.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new IOException(
                $"The web site of app '{settings.Id}' cannot listen on {settings.WebBind}:{settings.WebPort}: {ex.Message} " +
                "Set WebPort (FAUSTGEN_WEBPORT, --web-port) to a free port, or WebEnabled=false to serve nothing.", ex);
        }

        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        Url = address is null ? null : new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "localhost", StringComparison.Ordinal));
        LogListening(logger, settings.Id, Url);
    }

    /// <summary>Stops listening; requests in progress get a moment to finish.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (web is not null)
        {
            await web.StopAsync(cancellationToken).ConfigureAwait(false);
            await web.DisposeAsync().ConfigureAwait(false);
            web = null;
        }

        client?.Dispose();
        client = null;
        Url = null;
    }

    /// <summary>Stops listening.</summary>
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private static void Listen(KestrelServerOptions kestrel, string bind, int port)
    {
        switch (bind)
        {
            case "*":
                kestrel.ListenAnyIP(port);
                break;
            case "localhost":
                kestrel.ListenLocalhost(port);
                break;
            default:
                kestrel.Listen(IPAddress.Parse(bind), port);
                break;
        }
    }

    private void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", Dashboard);
        routes.MapGet("/dashboard", Dashboard);
        routes.MapGet("/stats", Stats);
        routes.MapGet("/metrics", Metrics);
        routes.MapGet("/health", Ready);
        routes.MapGet("/health/live", Live);
        routes.MapGet("/health/ready", Ready);
        routes.MapGet("/tables", Tables);
        routes.MapGet("/tables/{table}", Table);
        routes.MapGet("/tables/{table}/{**key}", TableValue);
        routes.MapGet("/router/{table}/{**key}", Route);
    }

    private static Task Dashboard(HttpContext context)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        return context.Response.Body.WriteAsync(DashboardPage.Html, context.RequestAborted).AsTask();
    }

    private Task Stats(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status200OK, StatsReport.Build(app, Url), WebJsonContext.Readable.StatsDocument);

    private Task Metrics(HttpContext context)
    {
        context.Response.ContentType = PrometheusText.ContentType;
        return context.Response.WriteAsync(PrometheusText.Write(app.Monitor.Snapshot()), context.RequestAborted);
    }

    private Task Live(HttpContext context)
    {
        var live = app.IsLive;
        return WriteAsync(
            context,
            live ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable,
            new HealthDocument(live ? "live" : "not-live", app.State.ToString(), Recovery()),
            WebJsonContext.Readable.HealthDocument);
    }

    private Task Ready(HttpContext context)
    {
        var ready = app.IsReady;
        return WriteAsync(
            context,
            ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable,
            new HealthDocument(ready ? "ready" : "not-ready", app.State.ToString(), Recovery()),
            WebJsonContext.Readable.HealthDocument);
    }

    private RecoveryDocument Recovery()
    {
        var recovery = app.Recovery;
        return new RecoveryDocument(recovery.IsComplete, recovery.RemainingRecords);
    }

    private Task Tables(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status200OK, StatsReport.Tables(app, app.Monitor.Snapshot()), WebJsonContext.Readable.IReadOnlyListTableDocument);

    private Task Table(HttpContext context)
    {
        if (FindTable(context) is not { } table)
        {
            return UnknownTable(context);
        }

        var document = StatsReport.Tables(app, app.Monitor.Snapshot()).First(t => t.Name == table.Name);
        return WriteAsync(context, StatusCodes.Status200OK, document, WebJsonContext.Readable.TableDocument);
    }

    private async Task TableValue(HttpContext context)
    {
        if (FindTable(context) is not { } table)
        {
            await UnknownTable(context).ConfigureAwait(false);
            return;
        }

        if (ParseKey(context, table) is not { } key)
        {
            await BadKey(context, table).ConfigureAwait(false);
            return;
        }

        // The query is checked by whichever worker is asked, so a bad one is refused before it is forwarded.
        if (ReadWindowQuery(context, table, out var windows) is { } problem)
        {
            await Error(context, StatusCodes.Status400BadRequest, problem).ConfigureAwait(false);
            return;
        }

        if (!HoldsLocally(key.Partition))
        {
            await RouteToOwnerAsync(context, table, key).ConfigureAwait(false);
            return;
        }

        context.Response.Headers[WorkerHeader] = app.Cluster.MemberId;
        await (windows is null ? ValueAsync(context, table, key) : WindowsAsync(context, table, key, windows)).ConfigureAwait(false);
    }

    /// <summary>What is wrong with the request's <c>at</c>, <c>from</c> and <c>to</c>, or null; <paramref name="query"/> is
    /// what they ask of a windowed table (null for another table, which takes none of them).</summary>
    private static string? ReadWindowQuery(HttpContext context, TableView table, out WindowQuery? query)
    {
        if (table.Window is not null)
        {
            query = WindowQuery.Read(context.Request.Query, out var problem);
            return problem;
        }

        query = null;
        return WindowQuery.FirstGiven(context.Request.Query) is { } given
            ? $"Query parameter '{given}' reads windows, and table '{table.Name}' is not windowed: it has one value per key."
            : null;
    }

    private Task ValueAsync(HttpContext context, TableView table, TableKey key) =>
        table.ReadJson(key) is { } json
            ? WriteAsync(context, StatusCodes.Status200OK, new ValueDocument(table.Name, key.Text, key.Partition, app.Cluster.MemberId, new JsonRaw(json)), WebJsonContext.Readable.ValueDocument)
            : NoKey(context, table, key);

    private Task WindowsAsync(HttpContext context, TableView table, TableKey key, WindowQuery query)
    {
        var windows = table.ReadWindows(key, query.From, query.To);

        // A key with windows, none of them in the range asked for, is there: its answer lists none.
        if (windows.Count == 0 && (!query.HasRange || table.ReadWindows(key).Count == 0))
        {
            return NoKey(context, table, key);
        }

        var document = new WindowedValueDocument(
            table.Name, key.Text, key.Partition, app.Cluster.MemberId, table.Window!.ToString(), Document(table.ReadWindow(key, query.At)), [.. windows.Select(Document)]);
        return WriteAsync(context, StatusCodes.Status200OK, document, WebJsonContext.Readable.WindowedValueDocument);

        static WindowDocument Document(WindowValue value) => new(value.Window.Start, value.Window.End, new JsonRaw(value.Json));
    }

    private Task NoKey(HttpContext context, TableView table, TableKey key) =>
        Error(context, StatusCodes.Status404NotFound, $"Table '{table.Name}' has no key '{key.Text}' (partition {key.Partition}, held by worker {app.Cluster.MemberId}).");

    private Task Route(HttpContext context)
    {
        if (FindTable(context) is not { } table)
        {
            return UnknownTable(context);
        }

        if (ParseKey(context, table) is not { } key)
        {
            return BadKey(context, table);
        }

        var local = HoldsLocally(key.Partition);
        var owner = local ? null : OwnerOf(key.Partition);
        return WriteAsync(
            context,
            StatusCodes.Status200OK,
            new RouteDocument(table.Name, key.Text, key.Partition, local ? app.Cluster.MemberId : owner?.Id, local ? Url?.ToString().TrimEnd('/') : owner?.Url, local),
            WebJsonContext.Readable.RouteDocument);
    }

    /// <summary>Sends the request to the worker that holds the key (or redirects there with <c>?redirect=true</c>).</summary>
    private async Task RouteToOwnerAsync(HttpContext context, TableView table, TableKey key)
    {
        if (context.Request.Headers.ContainsKey(ForwardedHeader))
        {
            await Error(context, StatusCodes.Status503ServiceUnavailable,
                $"This worker ({app.Cluster.MemberId}) was sent the request for partition {key.Partition} of table '{table.Name}' but does not hold it: " +
                "the partitions are moving (a rebalance). Retry in a few seconds.").ConfigureAwait(false);
            return;
        }

        var owner = OwnerOf(key.Partition);
        if (owner is null)
        {
            await Error(context, StatusCodes.Status503ServiceUnavailable,
                $"No worker is known to hold partition {key.Partition} of table '{table.Name}' (a rebalance, or no worker running). Retry in a few seconds.").ConfigureAwait(false);
            return;
        }

        if (owner.Url is null)
        {
            await Error(context, StatusCodes.Status503ServiceUnavailable,
                $"Worker {owner.Id} holds partition {key.Partition} of table '{table.Name}' but publishes no URL: give every worker a web port or a CanonicalUrl.").ConfigureAwait(false);
            return;
        }

        var target = owner.Url.TrimEnd('/') + context.Request.Path + context.Request.QueryString;
        if (context.Request.Query.TryGetValue("redirect", out var redirect) && redirect == "true")
        {
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = target;
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, target);
        request.Headers.Add(ForwardedHeader, app.Cluster.MemberId);
        try
        {
            using var response = await client!.SendAsync(request, context.RequestAborted).ConfigureAwait(false);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            if (response.Headers.TryGetValues(WorkerHeader, out var worker))
            {
                context.Response.Headers[WorkerHeader] = worker.First();
            }

            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !context.RequestAborted.IsCancellationRequested)
        {
            await Error(context, StatusCodes.Status502BadGateway,
                $"Worker {owner.Id} holds partition {key.Partition} of table '{table.Name}' but did not answer at {owner.Url}: {ex.Message}").ConfigureAwait(false);
        }
    }

    private bool HoldsLocally(int partition) => app.Assignment.Any(tp => tp.Partition == partition);

    private ClusterMember? OwnerOf(int partition) =>
        app.Cluster.Members
            .Where(m => m.Id != app.Cluster.MemberId && m.Partitions.Any(tp => tp.Partition == partition))
            .OrderByDescending(m => m.Updated)
            .FirstOrDefault();

    private TableView? FindTable(HttpContext context)
    {
        var name = context.Request.RouteValues["table"] as string;
        return app.Tables.FirstOrDefault(t => t.Name == name);
    }

    private Task UnknownTable(HttpContext context)
    {
        var names = app.TableNames;
        return Error(context, StatusCodes.Status404NotFound,
            $"App '{app.Settings.Id}' has no table '{context.Request.RouteValues["table"]}'. " +
            (names.Count == 0 ? "It has no tables." : $"Its tables: {string.Join(", ", names)}."));
    }

    private static TableKey? ParseKey(HttpContext context, TableView table)
    {
        if (context.Request.RouteValues["key"] is not string { Length: > 0 } text)
        {
            return null;
        }

        try
        {
            return table.ParseKey(text);
        }
        catch (FormatException ex)
        {
            context.Items[nameof(FormatException)] = ex.Message;
            return null;
        }
    }

    private static Task BadKey(HttpContext context, TableView table) =>
        Error(context, StatusCodes.Status400BadRequest,
            context.Items[nameof(FormatException)] is string reason
                ? $"Table '{table.Name}' has {table.KeyType} keys. {reason}"
                : $"Give a key: /tables/{table.Name}/KEY.");

    private static Task Error(HttpContext context, int status, string message) =>
        WriteAsync(context, status, new ErrorDocument(message), WebJsonContext.Readable.ErrorDocument);

    private static Task WriteAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> type)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Web site of app {App} listening at {Url}")]
    private static partial void LogListening(ILogger logger, string app, Uri? url);

    /// <summary>A host lifetime that ignores console signals: the app decides when the site stops.</summary>
    private sealed class AppOwnedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
