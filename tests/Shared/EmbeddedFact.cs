namespace FaustGen.TestSupport;

/// <summary>
/// A test that needs the embedded cluster itself: its fault injection (brokers set down, request errors, clients cut
/// off), its own limits, or several brokers. It runs in every normal run; when the suites run against a real broker
/// (<see cref="TestBroker.External"/>) it is skipped, saying what it needs. Linked into the test projects that need it.
/// </summary>
public sealed class EmbeddedFactAttribute : FactAttribute
{
    /// <param name="needs">What the test does that only the embedded cluster can, as "it …" ends ("sets a broker down").</param>
    public EmbeddedFactAttribute(string needs)
    {
        Skip = TestBroker.SkipUnlessEmbedded(needs);
    }
}

/// <summary>A theory that needs the embedded cluster itself; see <see cref="EmbeddedFactAttribute"/>.</summary>
public sealed class EmbeddedTheoryAttribute : TheoryAttribute
{
    /// <param name="needs">What the test does that only the embedded cluster can.</param>
    public EmbeddedTheoryAttribute(string needs)
    {
        Skip = TestBroker.SkipUnlessEmbedded(needs);
    }
}
