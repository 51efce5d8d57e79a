using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace FaustGen.Codecs;

/// <summary>
/// A client of a Confluent-compatible schema registry: registers schemas under subjects and fetches them by id. Answers
/// are cached (ids by subject and schema, schemas by id), so each costs one request per process; concurrent askers of
/// the same answer share one request. Transient failures (no answer, a timeout, 408, 429, 5xx) are retried with
/// exponential backoff and jitter. Basic authentication comes from the URL's user info or
/// <see cref="SchemaRegistryOptions.UserInfo"/>, a bearer token from <see cref="SchemaRegistryOptions.BearerToken"/>.
/// </summary>
/// <remarks>
/// Codecs encode and decode synchronously. They call the registry only on first use of a schema, through the
/// client's synchronous path: a blocking <see cref="HttpClient.Send(HttpRequestMessage, CancellationToken)"/> on the
/// calling thread (no task is waited on, so a busy thread pool cannot stall it), sharing the caches with the
/// asynchronous methods. Awaiting <see cref="RegisterSchemaAsync"/> ahead of time (in a startup task, say) fills the
/// cache the codec reads, so its first message makes no request. A handler given to the client must therefore
/// implement <see cref="HttpMessageHandler"/>'s synchronous <c>Send</c> too, as <see cref="SocketsHttpHandler"/> does.
/// </remarks>
public sealed class SchemaRegistryClient : IDisposable
{
    private const string MediaType = "application/vnd.schemaregistry.v1+json";

    private static readonly ConcurrentDictionary<string, SchemaRegistryClient> Shared = new(StringComparer.Ordinal);

    private readonly HttpClient http;
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;
    private readonly int attempts;
    private readonly Cache<(string Subject, RegistrySchema Schema), int> ids = new();
    private readonly Cache<int, RegistrySchema> schemas = new();
    private readonly Cache<(string Subject, RegistrySchema Schema), int> versions = new();

    /// <summary>Creates a client of the registry at <paramref name="url"/> with the default options.</summary>
    /// <param name="url">The registry's base URL (http or https); user info in it is basic authentication.</param>
    /// <param name="handler">The HTTP handler to send requests through, or null for the default one.</param>
    public SchemaRegistryClient(Uri url, HttpMessageHandler? handler = null)
        : this(new SchemaRegistryOptions { Url = url ?? throw new ArgumentNullException(nameof(url)) }, handler)
    {
    }

    /// <summary>Creates a client with <paramref name="options"/>.</summary>
    /// <param name="options">The registry's URL, credentials, timeout and retries.</param>
    /// <param name="handler">The HTTP handler to send requests through, or null for the default one.</param>
    /// <exception cref="ArgumentException">The URL is not http or https, the user info is not <c>user:password</c>, both basic and bearer authentication are given, or a number is out of range.</exception>
    public SchemaRegistryClient(SchemaRegistryOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var url = options.Url;
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The schema registry's URL '{url}' is not an absolute http:// or https:// URL.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RequestTimeout, TimeSpan.Zero, nameof(options.RequestTimeout));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRetries, nameof(options.MaxRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RetryDelay, TimeSpan.Zero, nameof(options.RetryDelay));
        var userInfo = options.UserInfo ?? (url.UserInfo.Length > 0 ? Uri.UnescapeDataString(url.UserInfo) : null);
        if (userInfo is not null && !userInfo.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("Basic authentication with the schema registry takes 'user:password'.", nameof(options));
        }

        if (userInfo is not null && options.BearerToken is not null)
        {
            throw new ArgumentException("The schema registry takes basic or bearer authentication, not both.", nameof(options));
        }

        Url = new UriBuilder(url) { UserName = string.Empty, Password = string.Empty }.Uri;
        Options = options;
        http = handler is null ? new HttpClient() : new HttpClient(handler);
        http.BaseAddress = new Uri(Url.ToString().TrimEnd('/') + "/");

        // Each attempt has its own timeout (the pipeline's), so a slow answer is retried rather than ending the call.
        http.Timeout = Timeout.InfiniteTimeSpan;
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaType));
        http.DefaultRequestHeaders.Authorization =
            userInfo is not null ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userInfo))) :
            options.BearerToken is not null ? new AuthenticationHeaderValue("Bearer", options.BearerToken) :
            null;
        attempts = options.MaxRetries + 1;
        pipeline = Pipeline(options);
    }

    /// <summary>The registry's URL, without user info.</summary>
    public Uri Url { get; }

    /// <summary>The options the client was made with.</summary>
    public SchemaRegistryOptions Options { get; }

    /// <summary>
    /// The id of <paramref name="schema"/> under <paramref name="subject"/>, registering it when the registry does not
    /// have it yet (<c>POST /subjects/{subject}/versions</c>). Cached: asking again makes no request.
    /// </summary>
    /// <exception cref="SchemaRegistryException">The registry refused the schema or did not answer.</exception>
    public Task<int> RegisterSchemaAsync(string subject, RegistrySchema schema, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentNullException.ThrowIfNull(schema);
        return ids.GetAsync((subject, schema), this, static (key, self) => self.RegisterCoreAsync(key.Subject, key.Schema, synchronous: false), cancellationToken);
    }

    /// <summary>The schema registered with <paramref name="id"/> (<c>GET /schemas/ids/{id}</c>). Cached.</summary>
    /// <exception cref="SchemaRegistryException">The registry has no such schema (status 404) or did not answer.</exception>
    public Task<RegistrySchema> GetSchemaAsync(int id, CancellationToken cancellationToken = default) =>
        schemas.GetAsync(id, this, static (key, self) => self.GetCoreAsync(key, synchronous: false), cancellationToken);

    /// <summary>
    /// The version of <paramref name="schema"/> under <paramref name="subject"/> (<c>POST /subjects/{subject}</c>), as a
    /// reference to it needs. Cached.
    /// </summary>
    /// <exception cref="SchemaRegistryException">The subject does not have the schema (status 404), or the registry did not answer.</exception>
    public Task<int> GetVersionAsync(string subject, RegistrySchema schema, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentNullException.ThrowIfNull(schema);
        return versions.GetAsync((subject, schema), this, static (key, self) => self.VersionCoreAsync(key.Subject, key.Schema, synchronous: false), cancellationToken);
    }

    /// <summary>Releases the HTTP client.</summary>
    public void Dispose() => http.Dispose();

    /// <summary>The synchronous <see cref="RegisterSchemaAsync"/>, for a codec's first use (see the remarks on the class).</summary>
    internal int RegisterSchema(string subject, RegistrySchema schema) =>
        ids.Get((subject, schema), this, static (key, self) => Completed(self.RegisterCoreAsync(key.Subject, key.Schema, synchronous: true)));

    /// <summary>The synchronous <see cref="GetSchemaAsync"/>, for a codec's first sight of a writer's schema id.</summary>
    internal RegistrySchema GetSchema(int id) =>
        schemas.Get(id, this, static (key, self) => Completed(self.GetCoreAsync(key, synchronous: true)));

    /// <summary>The synchronous <see cref="GetVersionAsync"/>.</summary>
    internal int GetVersion(string subject, RegistrySchema schema) =>
        versions.Get((subject, schema), this, static (key, self) => Completed(self.VersionCoreAsync(key.Subject, key.Schema, synchronous: true)));

    /// <summary>Registers through the synchronous or the asynchronous path, for logic written once for both.</summary>
    internal Task<int> RegisterSchema(string subject, RegistrySchema schema, bool synchronous, CancellationToken cancellationToken) =>
        synchronous ? Task.FromResult(RegisterSchema(subject, schema)) : RegisterSchemaAsync(subject, schema, cancellationToken);

    /// <summary>Looks a version up through the synchronous or the asynchronous path.</summary>
    internal Task<int> GetVersion(string subject, RegistrySchema schema, bool synchronous, CancellationToken cancellationToken) =>
        synchronous ? Task.FromResult(GetVersion(subject, schema)) : GetVersionAsync(subject, schema, cancellationToken);

    /// <summary>The client shared by every app of the process whose settings name the same registry and credentials.</summary>
    internal static SchemaRegistryClient? For(AppSettings settings) =>
        SchemaRegistryOptions.From(settings) is { } options ? Shared.GetOrAdd(options.Key, static (_, o) => new SchemaRegistryClient(o), options) : null;

    private async Task<int> RegisterCoreAsync(string subject, RegistrySchema schema, bool synchronous)
    {
        var answer = await SendAsync(HttpMethod.Post, "subjects/" + Uri.EscapeDataString(subject) + "/versions", RegistryJson.Request(schema), synchronous).ConfigureAwait(false);
        return RegistryJson.Number(answer, "id", this);
    }

    private async Task<RegistrySchema> GetCoreAsync(int id, bool synchronous)
    {
        var answer = await SendAsync(HttpMethod.Get, "schemas/ids/" + id.ToString(CultureInfo.InvariantCulture), null, synchronous).ConfigureAwait(false);
        return RegistryJson.Schema(answer, this);
    }

    private async Task<int> VersionCoreAsync(string subject, RegistrySchema schema, bool synchronous)
    {
        var answer = await SendAsync(HttpMethod.Post, "subjects/" + Uri.EscapeDataString(subject), RegistryJson.Request(schema), synchronous).ConfigureAwait(false);
        return RegistryJson.Number(answer, "version", this);
    }

    /// <summary>
    /// Sends a request through the retry pipeline and returns the body of a successful answer. With
    /// <paramref name="synchronous"/> every step blocks instead of awaiting, so the task is complete when it returns.
    /// </summary>
    private async Task<byte[]> SendAsync(HttpMethod method, string path, byte[]? body, bool synchronous)
    {
        var call = new Call(this, method, path, body);
        HttpResponseMessage response;
        try
        {
            response = synchronous
                ? pipeline.Execute(static (call, token) => call.Client.http.Send(call.Request(), token), call)
                : await pipeline.ExecuteAsync(static async (call, token) => await call.Client.http.SendAsync(call.Request(), token).ConfigureAwait(false), call).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException)
        {
            throw new SchemaRegistryException($"Schema registry {Url} did not answer {method} /{path} after {attempts} attempt(s): {ex.Message}", innerException: ex);
        }

        using (response)
        {
            byte[] answer;
            if (synchronous)
            {
                using var stream = response.Content.ReadAsStream();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                answer = copy.ToArray();
            }
            else
            {
                answer = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            }

            return response.IsSuccessStatusCode ? answer : throw RegistryJson.Refusal(this, method, path, response.StatusCode, answer);
        }
    }

    private static ResiliencePipeline<HttpResponseMessage> Pipeline(SchemaRegistryOptions options)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(static r => IsTransient(r.StatusCode)),
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }

        return builder.AddTimeout(options.RequestTimeout).Build();
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static T Completed<T>(Task<T> task)
    {
        // The synchronous path awaits nothing that is not complete, so there is nothing to wait for here.
        Debug.Assert(task.IsCompleted, "The synchronous path of the schema registry client returned an incomplete task.");
        return task.GetAwaiter().GetResult();
    }

    /// <summary>One request, made anew for each attempt (a request message is sent once).</summary>
    private sealed record Call(SchemaRegistryClient Client, HttpMethod Method, string Path, byte[]? Body)
    {
        public HttpRequestMessage Request() => new(Method, Path)
        {
            Content = Body is null ? null : new ByteArrayContent(Body) { Headers = { ContentType = new MediaTypeHeaderValue(MediaType) } },
        };
    }

    /// <summary>
    /// Answers by key: completed ones kept for ever, asynchronous askers of one key sharing one task, synchronous ones
    /// taking turns on a lock. A failure is not kept, so the next ask tries again.
    /// </summary>
    private sealed class Cache<TKey, TValue>
        where TKey : notnull
    {
        private readonly ConcurrentDictionary<TKey, TValue> done = new();
        private readonly ConcurrentDictionary<TKey, Task<TValue>> pending = new();
        private readonly ConcurrentDictionary<TKey, object> gates = new();

        public Task<TValue> GetAsync(TKey key, SchemaRegistryClient client, Func<TKey, SchemaRegistryClient, Task<TValue>> fetch, CancellationToken cancellationToken)
        {
            while (true)
            {
                if (done.TryGetValue(key, out var value))
                {
                    return Task.FromResult(value);
                }

                // The shared request is not cancelled with one asker: the others still wait for it.
                if (pending.TryGetValue(key, out var shared))
                {
                    return shared.WaitAsync(cancellationToken);
                }

                var source = new TaskCompletionSource<TValue>(TaskCreationOptions.RunContinuationsAsynchronously);
                if (pending.TryAdd(key, source.Task))
                {
                    _ = CompleteAsync(key, source, client, fetch);
                    return source.Task.WaitAsync(cancellationToken);
                }
            }
        }

        public TValue Get(TKey key, SchemaRegistryClient client, Func<TKey, SchemaRegistryClient, TValue> fetch)
        {
            if (done.TryGetValue(key, out var value))
            {
                return value;
            }

            lock (gates.GetOrAdd(key, static _ => new object()))
            {
                if (!done.TryGetValue(key, out value))
                {
                    value = fetch(key, client);
                    done[key] = value;
                }

                return value;
            }
        }

        private async Task CompleteAsync(TKey key, TaskCompletionSource<TValue> source, SchemaRegistryClient client, Func<TKey, SchemaRegistryClient, Task<TValue>> fetch)
        {
            try
            {
                // Answered meanwhile by the synchronous path, or by a request that ended just before this one was added.
                if (!done.TryGetValue(key, out var value))
                {
                    value = await fetch(key, client).ConfigureAwait(false);
                    done[key] = value;
                }

                source.SetResult(value);
            }
            catch (Exception ex)
            {
                source.SetException(ex);
            }
            finally
            {
                pending.TryRemove(key, out _);
            }
        }
    }
}
