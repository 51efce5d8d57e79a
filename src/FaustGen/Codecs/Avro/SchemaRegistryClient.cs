using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace FaustGen.Codecs;

/// <summary>
/// A client of a Confluent-compatible schema registry: registers schemas under subjects and fetches schemas by id,
/// caching both, so each schema costs one request per process. Calls are synchronous because codecs are; after the
/// first message of a topic they are answered from the cache.
/// </summary>
/// <remarks>A URL with user info (<c>https://key:secret@host</c>) authenticates with HTTP basic authentication.</remarks>
public sealed class SchemaRegistryClient
{
    private static readonly ConcurrentDictionary<string, SchemaRegistryClient> Shared = new(StringComparer.Ordinal);

    private readonly HttpClient http;
    private readonly ConcurrentDictionary<(string Subject, string Schema), int> ids = new();
    private readonly ConcurrentDictionary<int, string> schemas = new();

    /// <summary>Creates a client of the registry at <paramref name="url"/>.</summary>
    /// <param name="url">The registry's base URL (http or https).</param>
    /// <param name="handler">The HTTP handler to send requests through, or null for the default one.</param>
    public SchemaRegistryClient(Uri url, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        Url = url;
        var baseUrl = new UriBuilder(url) { UserName = string.Empty, Password = string.Empty }.Uri.ToString().TrimEnd('/') + "/";
        http = handler is null ? new HttpClient() : new HttpClient(handler);
        http.BaseAddress = new Uri(baseUrl);
        http.Timeout = TimeSpan.FromSeconds(30);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.schemaregistry.v1+json"));
        if (url.UserInfo.Length > 0)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(url.UserInfo))));
        }
    }

    /// <summary>The registry's URL.</summary>
    public Uri Url { get; }

    /// <summary>
    /// The id of <paramref name="schema"/> under <paramref name="subject"/>, registering it when the registry does
    /// not have it yet (<c>POST /subjects/{subject}/versions</c>).
    /// </summary>
    /// <exception cref="HttpRequestException">The registry refused the schema or cannot be reached.</exception>
    public int RegisterSchema(string subject, string schema)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentException.ThrowIfNullOrEmpty(schema);
        return ids.GetOrAdd((subject, schema), static (key, self) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "subjects/" + Uri.EscapeDataString(key.Subject) + "/versions")
            {
                Content = new ByteArrayContent(Body(key.Schema)) { Headers = { ContentType = new MediaTypeHeaderValue("application/vnd.schemaregistry.v1+json") } },
            };
            return ReadNumber(self.Send(request), "id");
        }, this);
    }

    /// <summary>The schema registered with <paramref name="id"/> (<c>GET /schemas/ids/{id}</c>).</summary>
    /// <exception cref="HttpRequestException">The registry has no such schema or cannot be reached.</exception>
    public string GetSchema(int id) =>
        schemas.GetOrAdd(id, static (key, self) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "schemas/ids/" + key.ToString(CultureInfo.InvariantCulture));
            return ReadText(self.Send(request), "schema");
        }, this);

    /// <summary>The client shared by every app of the process that names the registry at <paramref name="url"/>.</summary>
    internal static SchemaRegistryClient For(string url) => Shared.GetOrAdd(url, static u => new SchemaRegistryClient(new Uri(u)));

    private byte[] Send(HttpRequestMessage request)
    {
        using var response = http.Send(request);
        using var stream = response.Content.ReadAsStream();
        using var body = new MemoryStream();
        stream.CopyTo(body);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"Schema registry {Url} answered {(int)response.StatusCode} to {request.Method} {request.RequestUri}: {Encoding.UTF8.GetString(body.ToArray())}",
                null,
                response.StatusCode);
        }

        return body.ToArray();
    }

    private static byte[] Body(string schema)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("schema"u8, schema);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static int ReadNumber(byte[] json, string property)
    {
        var reader = Find(json, property);
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value)
            ? value
            : throw new HttpRequestException($"The schema registry's answer has no number '{property}'.");
    }

    private static string ReadText(byte[] json, string property)
    {
        var reader = Find(json, property);
        return reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new HttpRequestException($"The schema registry's answer has no string '{property}'.");
    }

    /// <summary>A reader on the value of the top-level <paramref name="property"/> of <paramref name="json"/>.</summary>
    private static Utf8JsonReader Find(byte[] json, string property)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var found = reader.ValueTextEquals(property);
                    reader.Read();
                    if (found)
                    {
                        return reader;
                    }

                    reader.Skip();
                }
            }
        }
        catch (JsonException ex)
        {
            throw new HttpRequestException($"The schema registry's answer is not JSON: {ex.Message}", ex);
        }

        throw new HttpRequestException($"The schema registry's answer has no '{property}'.");
    }
}
