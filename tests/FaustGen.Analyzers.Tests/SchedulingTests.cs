using Microsoft.CodeAnalysis.Testing;

namespace FaustGen.Analyzers.Tests;

/// <summary>FAUST4xxx: timers and startup tasks.</summary>
public sealed class SchedulingTests
{
    private const string Parameters = "a timer or startup task takes no parameters, or only a CancellationToken";
    private const string Returns = "a timer or startup task returns void, ValueTask or Task";

    private static DiagnosticResult Diagnostic(string id, int location) => Verify.Diagnostic(id).WithLocation(location);

    [Fact]
    public Task FAUST4001_intervals_that_are_not_positive_and_finite() => Verify.AnalyzerAsync("""
        [App("timers")]
        public partial class Timers
        {
            [Timer({|#0:0|})] public void Zero() { }
            [Timer({|#1:-1|})] public void Negative() { }
            [Timer({|#2:double.PositiveInfinity|})] public void Forever() { }
            [Timer({|#3:double.NaN|})] public void Never() { }
        }
        """,
        Diagnostic(DiagnosticIds.TimerInterval, 0).WithArguments("Zero", "0"),
        Diagnostic(DiagnosticIds.TimerInterval, 1).WithArguments("Negative", "-1"),
        Diagnostic(DiagnosticIds.TimerInterval, 2).WithArguments("Forever", "Infinity"),
        Diagnostic(DiagnosticIds.TimerInterval, 3).WithArguments("Never", "NaN"));

    [Fact]
    public Task FAUST4001_near_miss_short_and_long_intervals() => Verify.CleanAsync("""
        [App("timers")]
        public partial class Timers
        {
            [Timer(0.001)] public void Often() { }
            [Timer(86400)] public void Daily() { }
        }
        """);

    [Fact]
    public Task FAUST4002_unsupported_timer_and_startup_task_signatures() => Verify.AnalyzerAsync("""
        [App("timers")]
        public partial class Timers
        {
            [Timer(5)] public void {|#0:TakesValue|}(int value) { }
            [Timer(5)] public int {|#1:ReturnsInt|}() => 0;
            [Timer(5)] public void {|#2:Generic|}<T>() { }
            [StartupTask] public Task<int> {|#3:StartReturnsInt|}() => Task.FromResult(0);
            [StartupTask] public void {|#4:StartTakesTwo|}(CancellationToken a, CancellationToken b) { }
        }
        """,
        Diagnostic(DiagnosticIds.ScheduledSignature, 0).WithArguments("TakesValue", Parameters),
        Diagnostic(DiagnosticIds.ScheduledSignature, 1).WithArguments("ReturnsInt", Returns),
        Diagnostic(DiagnosticIds.ScheduledSignature, 2).WithArguments("Generic", "it must not be generic"),
        Diagnostic(DiagnosticIds.ScheduledSignature, 3).WithArguments("StartReturnsInt", Returns),
        Diagnostic(DiagnosticIds.ScheduledSignature, 4).WithArguments("StartTakesTwo", Parameters));

    [Fact]
    public Task FAUST4002_near_miss_every_supported_shape() => Verify.CleanAsync("""
        [App("timers")]
        public partial class Timers
        {
            [Timer(5)] public void Plain() { }
            [Timer(5, OnLeader = true)] public static ValueTask Static(CancellationToken cancellationToken) => default;
            [StartupTask] public Task Start() => Task.CompletedTask;
            [StartupTask(OnLeader = true)] public async Task StartWithToken(CancellationToken cancellationToken) => await Task.Delay(1, cancellationToken);
        }
        """);
}
