using System.Globalization;
using FaustGen.Generators.Rules;

namespace FaustGen.Generators;

internal static partial class Emitter
{
    private const string PartitionsParameter = "partitions";

    /// <summary>The app's <c>[Retry]</c> and <c>[Middleware&lt;T&gt;]</c>s, registered before its agents.</summary>
    private static void WriteAppResilience(SourceWriter writer, AppSpec app)
    {
        if (app.Retry is { } retry)
        {
            writer.WriteLine(Definition + ".Retry(" + RetryOptions(retry) + ");");
        }

        foreach (var middleware in app.Middlewares)
        {
            writer.WriteLine(Definition + ".Use(new " + middleware + "());");
        }
    }

    private static void WriteHook(SourceWriter writer, HookSpec hook)
    {
        var parameters = hook.TakesPartitions ? "(" + PartitionsParameter + ", " + Token + ")" : Token;
        var call = Call(hook.Method, hook.TakesPartitions ? PartitionsParameter : string.Empty, hook.TakesCancellationToken);
        writer.WriteLine(Definition + "." + hook.Registration + "(" + parameters + " => " + AsValueTask(call, hook.Return) + ");");
    }

    /// <summary>A <c>RetryOptions</c> of every setting of <paramref name="retry"/>; the exceptions retried as type tests, so
    /// that nothing is looked up at run time.</summary>
    private static string RetryOptions(RetrySpec retry)
    {
        var settings = new List<string>
        {
            "MaxAttempts = " + retry.MaxAttempts.ToString(CultureInfo.InvariantCulture),
            "Delay = " + Seconds(retry.Delay),
            "Backoff = global::FaustGen.RetryBackoff." + retry.Backoff,
            "MaxDelay = " + (retry.MaxDelay == 0 ? "null" : Seconds(retry.MaxDelay)),
            "Jitter = " + (retry.Jitter ? "true" : "false"),
        };
        if (retry.RetryOn.Count > 0)
        {
            settings.Add("RetryOn = static error => " + string.Join(" || ", retry.RetryOn.Select(type => "error is " + type)));
        }

        settings.Add("Topics = " + retry.Topics.ToString(CultureInfo.InvariantCulture));
        settings.Add("TopicDelay = " + Seconds(retry.TopicDelay));
        return "new global::FaustGen.RetryOptions { " + string.Join(", ", settings) + " }";
    }

    private static string MiddlewareArray(EquatableArray<string> middlewares) =>
        "new global::FaustGen.AgentMiddleware[] { " + string.Join(", ", middlewares.Select(m => "new " + m + "()")) + " }";
}
