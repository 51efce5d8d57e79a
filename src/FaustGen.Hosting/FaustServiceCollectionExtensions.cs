using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FaustGen.Hosting;

/// <summary>Adds FaustGen apps to a Generic Host (<c>builder.Services.AddFaustApp&lt;WordCount&gt;()</c>).</summary>
public static class FaustServiceCollectionExtensions
{
    /// <summary>The configuration section settings are read from (<c>"FaustGen": { "Broker": … }</c>, or the environment
    /// variable <c>FaustGen__Broker</c>).</summary>
    public const string ConfigurationSection = AppSettings.ConfigurationSection;

    /// <summary>The tag of the liveness checks.</summary>
    public const string LiveTag = "live";

    /// <summary>The tag of the readiness checks.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Runs a <typeparamref name="TApp"/>, made with its public parameterless constructor, as a hosted service.
    /// See <see cref="AddFaustApp{TApp}(IServiceCollection, Func{IServiceProvider, TApp}, Action{AppSettings}?)"/>.
    /// </summary>
    public static IServiceCollection AddFaustApp<TApp>(this IServiceCollection services, Action<AppSettings>? configure = null)
        where TApp : App, new() =>
        services.AddFaustApp(static _ => new TApp(), configure);

    /// <summary>
    /// Runs the app <paramref name="factory"/> makes as a hosted service: it starts with the host and stops gracefully
    /// with it (events in flight finish, offsets are committed). The app logs through the host's
    /// <see cref="ILoggerFactory"/> (when the host has none, to the console: <see cref="App.LoggerFactory"/>); its settings are read, in this order, from the configuration section
    /// <see cref="ConfigurationSection"/>, from <c>FAUSTGEN_</c> environment variables (<c>FAUSTGEN_BROKER</c>) and from
    /// <paramref name="configure"/>, each over the last. Health checks tagged <see cref="LiveTag"/> and
    /// <see cref="ReadyTag"/> report whether the app is alive and whether it serves (running, tables rebuilt). An app
    /// that stops by itself on a failure it cannot recover from stops the host with exit code 1, for its supervisor to
    /// restart it.
    /// The app is a singleton, resolvable as <typeparamref name="TApp"/> and as <see cref="App"/>.
    /// </summary>
    public static IServiceCollection AddFaustApp<TApp>(this IServiceCollection services, Func<IServiceProvider, TApp> factory, Action<AppSettings>? configure = null)
        where TApp : App
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(factory);
        services.AddSingleton(provider =>
        {
            var app = factory(provider);
            if (provider.GetService<ILoggerFactory>() is { } logging)
            {
                app.LoggerFactory = logging;
            }

            if (provider.GetService<IConfiguration>() is { } configuration)
            {
                app.Settings.Bind(configuration.GetSection(ConfigurationSection));
            }

            app.Settings.BindEnvironment();
            configure?.Invoke(app.Settings);
            return app;
        });
        services.AddSingleton<App>(provider => provider.GetRequiredService<TApp>());
        services.AddSingleton<IHostedService>(provider => new FaustAppService(provider.GetRequiredService<TApp>(), provider.GetRequiredService<IHostApplicationLifetime>()));
        var name = typeof(TApp).Name;
        services.AddHealthChecks()
            .Add(new HealthCheckRegistration($"faustgen-{name}-live", provider => new FaustAppHealthCheck(provider.GetRequiredService<TApp>(), ready: false), HealthStatus.Unhealthy, [LiveTag]))
            .Add(new HealthCheckRegistration($"faustgen-{name}-ready", provider => new FaustAppHealthCheck(provider.GetRequiredService<TApp>(), ready: true), HealthStatus.Unhealthy, [ReadyTag]));
        return services;
    }
}
