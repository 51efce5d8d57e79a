using Microsoft.Extensions.Hosting;

namespace FaustGen.Hosting;

/// <summary>Starts an app with the host and stops it with the host (the host's shutdown timeout bounds the wait).</summary>
internal sealed class FaustAppService(App app) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => app.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => app.StopAsync(cancellationToken);
}
