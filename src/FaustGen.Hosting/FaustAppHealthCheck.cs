using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FaustGen.Hosting;

/// <summary>
/// Liveness: the app has not failed (to start, or while running, on a failure it cannot recover from) and no agent has
/// stopped on an error (neither heals without a restart).
/// Readiness: the app runs and its tables are rebuilt (<see cref="App.IsReady"/>).
/// </summary>
internal sealed class FaustAppHealthCheck(App app, bool ready) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var recovery = app.Recovery;
        var data = new Dictionary<string, object>
        {
            ["app"] = app.Settings.Id,
            ["state"] = app.State.ToString(),
            ["partitions"] = app.Assignment.Count,
            ["recoveryRemaining"] = recovery.RemainingRecords,
        };
        HealthCheckResult result;
        if (ready)
        {
            result = app.IsReady
                ? HealthCheckResult.Healthy($"App '{app.Settings.Id}' runs with its tables rebuilt.", data)
                : new HealthCheckResult(context.Registration.FailureStatus,
                    app.State == AppState.Running
                        ? $"App '{app.Settings.Id}' is rebuilding its tables: {recovery.RemainingRecords} changelog records left."
                        : $"App '{app.Settings.Id}' is {app.State}.",
                    data: data);
        }
        else
        {
            result = app.IsLive
                ? HealthCheckResult.Healthy($"App '{app.Settings.Id}' is {app.State}.", data)
                : app.State == AppState.Failed
                    ? new HealthCheckResult(context.Registration.FailureStatus, $"App '{app.Settings.Id}' failed: {app.Failure?.Message ?? "it could not start (see its log)"}.", data: data)
                    : new HealthCheckResult(context.Registration.FailureStatus,
                        $"Agents of app '{app.Settings.Id}' stopped on errors: {string.Join(", ", app.Agents.Where(a => a.Crashed).Select(a => a.Name))}.", data: data);
        }

        return Task.FromResult(result);
    }
}
