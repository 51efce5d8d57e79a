using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace FaustGen.Codecs.Tests;

/// <summary>
/// A schema registry for tests on 127.0.0.1: the endpoints of Confluent's registry that the codecs use, with schemas
/// kept in memory. Registering the same schema text again returns its id. It can be told to fail or to stall the next
/// requests, and it keeps the Authorization header of each request.
/// </summary>
internal sealed class RegistryServer : IDisposable
{
    private HttpListener listener = new();
    private readonly ConcurrentDictionary<int, JsonObject> schemas = new();
    private readonly ConcurrentDictionary<string, int> ids = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentBag<int>> subjects = new(StringComparer.Ordinal);
    private int failures;
    private int stalls;
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

    /// <summary>The Authorization header of each request served, or "" when it had none.</summary>
    public ConcurrentQueue<string> Authorizations { get; } = new();

    /// <summary>The bodies of the POST requests served.</summary>
    public ConcurrentQueue<JsonObject> Posted { get; } = new();

    /// <summary>Makes the next <paramref name="count"/> requests fail with 503, as a registry restarting does.</summary>
    public void FailNext(int count) => Volatile.Write(ref failures, count);

    /// <summary>Makes the next <paramref name="count"/> requests wait <see cref="StallTime"/> before answering.</summary>
    public void StallNext(int count) => Volatile.Write(ref stalls, count);

    /// <summary>How long a stalled request waits.</summary>
    public TimeSpan StallTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The schema registered with <paramref name="id"/>, as the registry answers it.</summary>
    public JsonObject Schema(int id) => (JsonObject)schemas[id].DeepClone();
    /// <summary>The subjects and the ids registered under each.</summary>
    public IReadOnlyDictionary<string, int[]> Subjects => subjects.ToDictionary(s => s.Key, s => s.Value.Order().ToArray());

    /// <summary>Registers <paramref name="schema"/> as a test would through another producer.</summary>
    public int Register(string subject, string schema) => Register(subject, new JsonObject { ["schema"] = schema });

    private int Register(string subject, JsonObject body)
    {
        var schema = body["schema"]!.GetValue<string>();
        var id = ids.GetOrAdd(schema, _ => Interlocked.Increment(ref next));
        var stored = new JsonObject { ["schema"] = schema };
        if (body["schemaType"] is { } type)
        {
            stored["schemaType"] = type.GetValue<string>();
        }

        if (body["references"] is { } references)
        {
            stored["references"] = references.DeepClone();
        }

        schemas[id] = stored;
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
        Authorizations.Enqueue(context.Request.Headers["Authorization"] ?? string.Empty);
        var parts = path.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        JsonObject? posted = null;
        if (context.Request.HttpMethod == "POST")
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            posted = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
            Posted.Enqueue(posted);
        }

        if (Interlocked.Decrement(ref stalls) >= 0)
        {
            await Task.Delay(StallTime);
        }

        string body;
        if (Interlocked.Decrement(ref failures) >= 0)
        {
            response.StatusCode = 503;
            body = new JsonObject { ["error_code"] = 50003, ["message"] = "Restarting" }.ToJsonString();
        }
        else if (posted is not null && parts is ["subjects", var subject, "versions"])
        {
            body = new JsonObject { ["id"] = Register(subject, posted) }.ToJsonString();
        }
        else if (posted is not null && parts is ["subjects", var looked] &&
            ids.TryGetValue(posted["schema"]!.GetValue<string>(), out var found) && subjects.TryGetValue(looked, out var versions) && versions.Contains(found))
        {
            var version = versions.Order().ToList().IndexOf(found) + 1;
            body = new JsonObject { ["subject"] = looked, ["id"] = found, ["version"] = version, ["schema"] = posted["schema"]!.GetValue<string>() }.ToJsonString();
        }
        else if (context.Request.HttpMethod == "GET" && parts is ["schemas", "ids", var text] && int.TryParse(text, out var id) && schemas.TryGetValue(id, out var schema))
        {
            body = schema.ToJsonString();
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
