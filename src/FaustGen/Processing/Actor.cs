namespace FaustGen.Processing;

/// <summary>
/// One unit of an agent's concurrency: its event context, its cursor in the agent's inbox, and the streams it
/// derived with <c>GroupBy</c>/<c>Through</c>. All of it outlives a stream that failed and was restarted.
/// </summary>
internal sealed class Actor(AgentRunner runner)
{
    private readonly Dictionary<string, InboxCursor> derived = new(StringComparer.Ordinal);

    public AgentRunner Runner { get; } = runner;

    public EventContext Context { get; } = new(runner);

    public InboxCursor Cursor { get; } = runner.App.NewCursor(runner.Inbox, runner.Holds);

    /// <summary>
    /// The cursor of this actor in the stream derived into <paramref name="topic"/>; <paramref name="start"/>
    /// runs the first time only (it starts forwarding events there).
    /// </summary>
    public InboxCursor Derive(string topic, Action start)
    {
        lock (derived)
        {
            if (!derived.TryGetValue(topic, out var cursor))
            {
                cursor = Runner.App.NewCursor(Runner.DerivedInbox(topic), Runner.Holds);
                derived.Add(topic, cursor);
                start();
            }

            return cursor;
        }
    }

    public void Close()
    {
        Cursor.Close();
        lock (derived)
        {
            foreach (var cursor in derived.Values)
            {
                cursor.Close();
            }
        }
    }
}
