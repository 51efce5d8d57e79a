using Microsoft.Extensions.Hosting;

namespace FaustGen.Hosting;

/// <summary>Starts an app with the host and stops it with the host (the host's shutdown timeout bounds the wait). An app
/// that stops by itself on a failure (<see cref="AppState.Failed"/>) stops the host, with exit code 1.</summary>
internal sealed class FaustAppService(App app, IHostApplicationLifetime lifetime) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _ = StopHostOnFailureAsync();
    }

    public Task StopAsync(CancellationToken cancellationToken) => app.StopAsync(cancellationToken);

    private async Task StopHostOnFailureAsync()
    {
        // Completion faults when the app failed; the failure is the app's own to log, the host only has to stop.
        await app.Completion.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        if (app.State == AppState.Failed)
        {
            // The worker cannot go on: the process ends with a failure so that its supervisor starts it again.
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }
}
