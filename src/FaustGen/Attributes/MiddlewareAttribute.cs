namespace FaustGen;

/// <summary>
/// Runs middleware <typeparamref name="TMiddleware"/> for every event of the agent it marks, or of every agent of the
/// <see cref="AppAttribute">[App]</see> class it marks (the app's first, then the agent's, each in the order written). The
/// generator creates one instance with <c>new()</c> when the app is defined.
/// </summary>
/// <typeparam name="TMiddleware">The middleware.</typeparam>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = true)]
public sealed class MiddlewareAttribute<TMiddleware> : Attribute
    where TMiddleware : AgentMiddleware, new()
{
}
