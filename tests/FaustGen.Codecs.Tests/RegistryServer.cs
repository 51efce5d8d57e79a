using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace FaustGen.Codecs.Tests;

/// <summary>
/// A schema registry for tests on 127.0.0.1: the endpoints of Confluent's registry that the codecs use, with schemas
/// kept in memory. Registering the same schema text again returns its id.
/// </summary>
internal sealed class RegistryServer : IDisposable
{
    private HttpListener listener = new();
    private readonly ConcurrentDictionary<int, string> schemas = new();
    private readonly ConcurrentDictionary<string, int> ids = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentBag<int>> subjects = new(StringComparer.Ordinal);
    private readonly Task loop;
    private int next;

    public RegistryServer()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(20000, 60000);
            listener.Prefixes.Clear();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                Url = $"http://127.0.0.1:{port}";
                break;
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                // Taken: try another port. A listener that failed to start is closed, so take a new one.
                listener = new HttpListener();
            }
        }

        loop = Task.Run(ServeAsync);
    }

    public string Url { get; private set; } = string.Empty;

    /// <summary>The requests served, as "METHOD path".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The subjects and the ids registered under each.</summary>
    public IReadOnlyDictionary<string, int[]> Subjects => subjects.ToDictionary(s => s.Key, s => s.Value.Order().ToArray());

    /// <summary>Registers <paramref name="schema"/> as a test would through another producer.</summary>
    public int Register(string subject, string schema)
    {
        var id = ids.GetOrAdd(schema, _ => Interlocked.Increment(ref next));
        schemas[id] = schema;
        var bag = subjects.GetOrAdd(subject, _ => []);
        if (!bag.Contains(id))
        {
            bag.Add(id);
        }

        return id;
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            // Served concurrently, as a registry is: codecs on several threads register at once.
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        using var response = context.Response;
        var path = context.Request.Url!.AbsolutePath;
        Requests.Enqueue(context.Request.HttpMethod + " " + path);
        var parts = path.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        string body;
        if (context.Request.HttpMethod == "POST" && parts is ["subjects", var subject, "versions"])
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var schema = JsonNode.Parse(await reader.ReadToEndAsync())!["schema"]!.GetValue<string>();
            body = new JsonObject { ["id"] = Register(subject, schema) }.ToJsonString();
        }
        else if (context.Request.HttpMethod == "GET" && parts is ["schemas", "ids", var text] && int.TryParse(text, out var id) && schemas.TryGetValue(id, out var found))
        {
            body = new JsonObject { ["schema"] = found }.ToJsonString();
        }
        else
        {
            response.StatusCode = 404;
            body = new JsonObject { ["error_code"] = 40403, ["message"] = "Not found: " + path }.ToJsonString();
        }

        var bytes = Encoding.UTF8.GetBytes(body);

        // HttpListener can close a kept-alive connection just as a client reuses it; one connection per request avoids that race.
        response.KeepAlive = false;
        response.ContentType = "application/vnd.schemaregistry.v1+json";
        await response.OutputStream.WriteAsync(bytes);
    }
}
