using Microsoft.CodeAnalysis.Testing;

namespace FaustGen.Analyzers.Tests;

/// <summary>FAUST3014-FAUST3016: retry settings of agents and apps; FAUST4003: lifecycle hooks.</summary>
public sealed class RetryTests
{
    private static DiagnosticResult Diagnostic(string id, int location) => Verify.Diagnostic(id).WithLocation(location);

    [Fact]
    public Task FAUST3014_counts_out_of_range_on_agents_and_the_app() => Verify.AnalyzerAsync("""
        [App("retries")]
        [Retry(Topics = {|#2:-1|})]
        public partial class Retries
        {
            [Agent("a"), Retry(MaxAttempts = {|#0:0|})] public void None(string value) { }
            [Agent("b"), Retry(MaxAttempts = 2, Topics = {|#1:-3|})] public void Negative(string value) { }
        }
        """,
        Diagnostic(DiagnosticIds.RetryCount, 0).WithArguments("0", "MaxAttempts must be 1 or more (the first attempt counts)"),
        Diagnostic(DiagnosticIds.RetryCount, 1).WithArguments("-3", "Topics must not be negative"),
        Diagnostic(DiagnosticIds.RetryCount, 2).WithArguments("-1", "Topics must not be negative"));

    [Fact]
    public Task FAUST3015_delays_that_are_negative_not_finite_or_bounded_below_the_first() => Verify.AnalyzerAsync("""
        [App("retries")]
        public partial class Retries
        {
            [Agent("a"), Retry(Delay = {|#0:-1|})] public void Negative(string value) { }
            [Agent("b"), Retry(TopicDelay = {|#1:double.PositiveInfinity|})] public void Forever(string value) { }
            [Agent("c"), Retry(Delay = 5, MaxDelay = {|#2:1|})] public void BoundBelow(string value) { }
            [Agent("d"), Retry(MaxDelay = {|#3:double.NaN|})] public void NotANumber(string value) { }
            [Agent("e"), Retry(Backoff = {|#4:(RetryBackoff)7|})] public void NoSuchBackoff(string value) { }
        }
        """,
        Diagnostic(DiagnosticIds.RetryDelay, 0).WithArguments("-1", "Delay must be a finite number of seconds, 0 or more"),
        Diagnostic(DiagnosticIds.RetryDelay, 1).WithArguments("Infinity", "TopicDelay must be a finite number of seconds, 0 or more"),
        Diagnostic(DiagnosticIds.RetryDelay, 2).WithArguments("1", "MaxDelay must be a finite number of seconds, not less than Delay"),
        Diagnostic(DiagnosticIds.RetryDelay, 3).WithArguments("NaN", "MaxDelay must be a finite number of seconds, 0 (no bound) or more"),
        Diagnostic(DiagnosticIds.RetryDelay, 4).WithArguments("7", "Backoff must be a member of RetryBackoff"));

    [Fact]
    public Task FAUST3016_a_retry_on_type_that_is_not_an_exception() => Verify.AnalyzerAsync("""
        [App("retries")]
        public partial class Retries
        {
            [Agent("a"), Retry(RetryOn = new[] { typeof(TimeoutException), {|#0:typeof(string)|} })] public void Text(string value) { }
        }
        """,
        Diagnostic(DiagnosticIds.RetryOn, 0).WithArguments("Text", "'string' does not derive from System.Exception, so no error is one"));

    [Fact]
    public Task FAUST3014_to_FAUST3016_near_miss_the_edges_of_every_range() => Verify.CleanAsync("""
        public sealed class OutOfStock : Exception { }

        [App("retries")]
        [Retry(MaxAttempts = 1, Topics = 0, Delay = 0)]
        public partial class Retries
        {
            [Agent("a"), Retry(MaxAttempts = 1, Topics = 3, Delay = 0, MaxDelay = 0, TopicDelay = 0, Backoff = RetryBackoff.Constant, Jitter = true)]
            public void Edges(string value) { }

            [Agent("b"), Retry(Delay = 2, MaxDelay = 2, RetryOn = new[] { typeof(OutOfStock), typeof(System.IO.IOException) })]
            public void Equal(string value) { }
        }
        """);

    [Fact]
    public Task FAUST4003_unsupported_lifecycle_hook_signatures() => Verify.AnalyzerAsync("""
        [App("hooks")]
        public partial class Hooks
        {
            [OnStarted] public void {|#0:TakesValue|}(int value) { }
            [OnStopping] public int {|#1:ReturnsInt|}() => 0;
            [OnPartitionsAssigned] public void {|#2:NoPartitions|}() { }
            [OnPartitionsRevoked] public void {|#3:WrongCollection|}(List<TopicPartition> partitions) { }
            [OnRecoveryComplete] public void {|#4:Generic|}<T>() { }
            [OnPartitionsAssigned] public void {|#5:TooMany|}(IReadOnlyCollection<TopicPartition> partitions, int more) { }
        }
        """,
        Diagnostic(DiagnosticIds.HookSignature, 0).WithArguments("TakesValue", "it takes no parameters, or only a CancellationToken"),
        Diagnostic(DiagnosticIds.HookSignature, 1).WithArguments("ReturnsInt", "a lifecycle hook returns void, ValueTask or Task"),
        Diagnostic(DiagnosticIds.HookSignature, 2).WithArguments("NoPartitions", "it takes the partitions first, as IReadOnlyCollection<TopicPartition>"),
        Diagnostic(DiagnosticIds.HookSignature, 3).WithArguments("WrongCollection", "it takes the partitions first, as IReadOnlyCollection<TopicPartition>"),
        Diagnostic(DiagnosticIds.HookSignature, 4).WithArguments("Generic", "it must not be generic"),
        Diagnostic(DiagnosticIds.HookSignature, 5).WithArguments("TooMany", "after the partitions it takes nothing, or only a CancellationToken"));

    [Fact]
    public Task FAUST4003_near_miss_every_supported_hook_shape() => Verify.CleanAsync("""
        [App("hooks")]
        public partial class Hooks
        {
            [OnStarted] public void Started() { }
            [OnStopping] public Task Stopping(CancellationToken cancellationToken) => Task.CompletedTask;
            [OnRecoveryComplete] public ValueTask Recovered() => default;
            [OnPartitionsAssigned] public void Assigned(IReadOnlyCollection<TopicPartition> partitions) { }
            [OnPartitionsRevoked] public static Task Revoked(IReadOnlyCollection<TopicPartition> partitions, CancellationToken cancellationToken) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task FAUST1005_a_hook_outside_an_app() => Verify.AnalyzerAsync("""
        public partial class NotAnApp
        {
            [{|#0:OnStarted|}] public void Started() { }
        }
        """,
        Diagnostic(DiagnosticIds.MemberOutsideApp, 0).WithArguments("OnStarted", "Started", "NotAnApp"));
}
