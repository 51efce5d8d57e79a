using FaustGen.Diagnostics;

namespace FaustGen;

/// <summary>A consumer span per attempt at an event (see <see cref="Tracing"/>); the span is current while a per-event agent
/// runs, and the parent of what an agent of any shape sends for the event.</summary>
internal sealed class TracingMiddleware(string group) : AgentMiddleware
{
    public override ValueTask<bool> OnEventAsync(AgentEvent e)
    {
        e.Span = Tracing.StartProcess(e.Message, group, e.Agent, e.Attempt);
        return new(true);
    }

    public override void OnCompleted(AgentEvent e, EventOutcome outcome)
    {
        if (e.Span is not { } span)
        {
            return;
        }

        if (outcome != EventOutcome.Processed)
        {
            span.SetTag("faustgen.outcome", outcome.ToString());
        }

        if (e.Error is { } error)
        {
            Tracing.Fail(span, error);
        }

        span.Stop();
        e.Span = null;
    }
}
