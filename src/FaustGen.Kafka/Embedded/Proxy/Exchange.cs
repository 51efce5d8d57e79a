namespace FaustGen.Kafka.Embedded.Proxy;

/// <summary>
/// What the proxy does with a request it read: answer it itself (<see cref="Answer"/>, the response body), or pass it
/// on, as it came or as <see cref="Rewritten"/>, and read the broker's response with <see cref="OnResponse"/>.
/// </summary>
internal readonly record struct Exchange(WireWriter? Answer, byte[]? Rewritten, ResponseHandler? OnResponse)
{
    /// <summary>Passed on, the response unread.</summary>
    public static Exchange PassOn => default;

    public static Exchange Answered(WireWriter answer) => new(answer, null, null);

    public static Exchange Then(ResponseHandler onResponse) => new(null, null, onResponse);
}

/// <summary>Reads the body of the broker's response to a request (its header read) and says what becomes of it.</summary>
internal delegate Rewrite ResponseHandler(ref WireReader body);

/// <summary>What becomes of a response: a new body (null: passed on unchanged), and what to wait for before passing it on.</summary>
internal readonly record struct Rewrite(WireWriter? Body, Task? Wait)
{
    public static Rewrite Unchanged => default;

    public Task Before => Wait ?? Task.CompletedTask;
}
