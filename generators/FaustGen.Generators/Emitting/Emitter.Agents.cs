using FaustGen.Generators.Rules;

namespace FaustGen.Generators;

internal static partial class Emitter
{
    private const string EventParameter = "e";
    private const string StreamParameter = "stream";

    private static void WriteAgent(SourceWriter writer, AgentSpec agent)
    {
        var topic = agent.Topic;
        var typeArguments = topic.KeyType + ", " + topic.ValueType;
        var arguments = new List<string> { Literals.String(agent.Name), TopicExpression(topic) };
        string method;
        switch (agent.Shape)
        {
            case AgentShape.Stream:
                method = "StreamAgent<" + typeArguments + ">";
                arguments.Add("(" + StreamParameter + ", " + Token + ") => " + Call(agent.Method, StreamParameter, agent.TakesCancellationToken));
                break;
            case AgentShape.Yielding:
                method = "YieldingAgent<" + typeArguments + ", " + agent.ResultType + ">";
                arguments.Add("(" + StreamParameter + ", " + Token + ") => " + Call(agent.Method, StreamParameter, agent.TakesCancellationToken));
                arguments.Add(Sinks(agent));
                break;
            default:
                method = "EventAgent<" + typeArguments + ">";
                var input = agent.Shape switch
                {
                    AgentShape.Value => EventParameter + ".Value",
                    AgentShape.KeyValue => EventParameter + ".Key, " + EventParameter + ".Value",
                    _ => EventParameter,
                };
                arguments.Add("(" + EventParameter + ", " + Token + ") => " + AsValueTask(Call(agent.Method, input, agent.TakesCancellationToken), agent.Return));
                break;
        }

        if (AgentOptions(agent) is { } options)
        {
            arguments.Add(options);
        }

        writer.WriteLine(Definition + "." + method + "(");
        writer.Indent();
        for (var i = 0; i < arguments.Count; i++)
        {
            writer.WriteLine(arguments[i] + (i < arguments.Count - 1 ? "," : ");"));
        }

        writer.Unindent();
    }

    private static void WriteScheduled(SourceWriter writer, ScheduledSpec scheduled)
    {
        var arguments = new List<string> { Literals.String(scheduled.Name) };
        string method;
        if (scheduled.IntervalSeconds is { } seconds)
        {
            method = "Timer";
            arguments.Add(Seconds(seconds));
        }
        else
        {
            method = "StartupTask";
        }

        arguments.Add(Token + " => " + AsValueTask(Call(scheduled.Method, string.Empty, scheduled.TakesCancellationToken), scheduled.Return));
        if (scheduled.OnLeader)
        {
            arguments.Add("onLeader: true");
        }

        writer.WriteLine(Definition + "." + method + "(" + string.Join(", ", arguments) + ");");
    }

    private static string TopicExpression(TopicReferenceSpec topic) =>
        topic.Field is not null
            ? "this." + topic.Field
            : Definition + ".Topic<" + topic.KeyType + ", " + topic.ValueType + ">(" + Literals.String(topic.Name) + ")";

    private static string Call(string method, string arguments, bool passToken) =>
        method + "(" + arguments + (passToken ? (arguments.Length > 0 ? ", " : string.Empty) + Token : string.Empty) + ")";

    // The registration delegates return ValueTask; a void method completes synchronously, a Task one is wrapped.
    private static string AsValueTask(string call, CallReturn callReturn) => callReturn switch
    {
        CallReturn.Void => "{ " + call + "; return default; }",
        CallReturn.Task => "new " + ValueTaskType + "(" + call + ")",
        _ => call,
    };

    private static string Sinks(AgentSpec agent)
    {
        var sinkType = "global::FaustGen.ISink<" + agent.ResultType + ">";
        return agent.Sinks.Count == 0
            ? "global::System.Array.Empty<" + sinkType + ">()"
            : "new " + sinkType + "[] { " + string.Join(", ", agent.Sinks.Select(TopicExpression)) + " }";
    }

    /// <summary>The agent's options where they differ from <c>AgentOptions</c>' defaults, or null when none do.</summary>
    private static string? AgentOptions(AgentSpec agent)
    {
        var options = new List<string>();
        if (agent.Concurrency != 1)
        {
            options.Add("Concurrency = " + agent.Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (agent.OnError is not null and not "Skip")
        {
            options.Add("OnError = global::FaustGen.AgentErrorPolicy." + agent.OnError);
        }

        if (agent.DeadLetterTopic is not null)
        {
            options.Add("DeadLetterTopic = " + Literals.String(agent.DeadLetterTopic));
        }

        if (!agent.ReadsKey)
        {
            options.Add("ReadsKey = false");
        }

        if (agent.Retry is { } retry)
        {
            options.Add("Retry = " + RetryOptions(retry));
        }

        if (agent.Middlewares.Count > 0)
        {
            options.Add("Middlewares = " + MiddlewareArray(agent.Middlewares));
        }

        return options.Count == 0 ? null : "new global::FaustGen.AgentOptions { " + string.Join(", ", options) + " }";
    }
}
