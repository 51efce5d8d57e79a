using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;

namespace FaustGen.Kafka;

/// <summary>
/// Runs a librdkafka call that can block without end on a thread of its own, so the caller waits for it at most a
/// timeout. A synchronous offset commit waits until the group coordinator answers, and a consumer's close until it has
/// left its group: on a worker cut off from the cluster, neither ever returns, and the worker could not stop. Even
/// destroying a client can wait on brokers that do not answer.
/// </summary>
internal static class TimeBound
{
    /// <summary>Disposes <paramref name="client"/> (a librdkafka client: <paramref name="what"/>), waiting at most
    /// <paramref name="timeout"/>; one that takes longer is left to finish on its own thread, and that is logged.</summary>
    public static void Dispose(IDisposable client, string what, TimeSpan timeout, ILogger logger)
    {
        if (!Run(client.Dispose, timeout, error => KafkaLog.LateFailure(logger, error, what + " close", error.Message)))
        {
            KafkaLog.DisposeAbandoned(logger, what, timeout.TotalSeconds);
        }
    }

    /// <summary>
    /// Runs <paramref name="call"/>; returns true when it returned within <paramref name="timeout"/> (what it threw is
    /// thrown here), false when it is still running: it then goes on by itself, and what it throws later goes to
    /// <paramref name="onLateFailure"/>.
    /// </summary>
    public static bool Run(Action call, TimeSpan timeout, Action<Exception> onLateFailure)
    {
        var running = Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            if (running.Wait(timeout))
            {
                return true;
            }
        }
        catch (AggregateException failure)
        {
            ExceptionDispatchInfo.Throw(failure.InnerException ?? failure);
        }

        running.ContinueWith(t => onLateFailure(t.Exception!.InnerException ?? t.Exception), CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return false;
    }
}
