using System.Globalization;

namespace FaustGen.Codecs;

/// <summary>How a <see cref="SchemaRegistryClient"/> reaches its registry: the URL, the credentials, and how long and how often it tries.</summary>
public sealed record SchemaRegistryOptions
{
    /// <summary>The registry's URL (http or https). User info in it (<c>https://key:secret@host</c>) is basic authentication.</summary>
    public required Uri Url { get; init; }

    /// <summary>Basic authentication as <c>user:password</c> (Confluent's <c>basic.auth.user.info</c>), or null.</summary>
    public string? UserInfo { get; init; }

    /// <summary>A bearer token sent as <c>Authorization: Bearer …</c>, or null. Not together with basic authentication.</summary>
    public string? BearerToken { get; init; }

    /// <summary>How long one request may take before it is abandoned and tried again. Default 10 seconds.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times a request that failed transiently (no answer, a timeout, 408, 429 or 5xx) is tried again. Default 3.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The wait before the first retry; each next one doubles it, with jitter. Default 200 milliseconds.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The options of the registry an app's settings name, or null when they name none.</summary>
    internal static SchemaRegistryOptions? From(AppSettings settings) =>
        settings.SchemaRegistryUrl is { } url
            ? new SchemaRegistryOptions { Url = new Uri(url), UserInfo = settings.SchemaRegistryUserInfo, BearerToken = settings.SchemaRegistryBearerToken }
            : null;

    /// <summary>What tells two options apart, credentials included (<see cref="Uri"/> equality ignores user info).</summary>
    internal string Key => string.Join(
        "\n",
        Url.OriginalString,
        UserInfo,
        BearerToken,
        RequestTimeout.Ticks.ToString(CultureInfo.InvariantCulture),
        MaxRetries.ToString(CultureInfo.InvariantCulture),
        RetryDelay.Ticks.ToString(CultureInfo.InvariantCulture));
}
