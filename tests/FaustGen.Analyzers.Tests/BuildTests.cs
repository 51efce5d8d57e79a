using Microsoft.CodeAnalysis;

namespace FaustGen.Analyzers.Tests;

/// <summary>
/// What <c>dotnet build</c> shows, where it differs from the IDE: the compiler runs no analyzer once declaring the
/// code gives an error, so a declaration the generator refuses must leave no such error behind (its partial
/// properties are implemented), or the generator must report the rule itself.
/// </summary>
public sealed class BuildTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading.Tasks; using FaustGen;\n";

    // What the compiler says of partial members left without an implementation, or declared in a type that is not partial.
    private static readonly string[] UnimplementedPartialMembers = ["CS9248", "CS0751", "CS8795"];

    public static TheoryData<string, string> Refused => new()
    {
        {
            DiagnosticIds.TopicName, """
            [App("views")]
            public partial class Views
            {
                [Topic("page views")] public partial Topic<string, string> PageViews { get; }
            }
            """
        },
        {
            DiagnosticIds.TopicPropertyNotPartial, """
            [App("views")]
            public partial class Views
            {
                [Topic("page-views")] public partial Topic<string, string> PageViews { get; set; }
            }
            """
        },
        {
            DiagnosticIds.TopicPropertyType, """
            [App("views")]
            public partial class Views
            {
                [Topic("page-views")] public partial Table<string, string> PageViews { get; }
            }
            """
        },
        {
            DiagnosticIds.TableDefault, """
            [App("views")]
            public partial class Views
            {
                [Table("counts", Default = "zero")] public partial Table<string, long> Counts { get; }
            }
            """
        },
        {
            DiagnosticIds.Window, """
            [App("views")]
            public partial class Views
            {
                [WindowedTable("per-minute")] public partial WindowedTable<string, long> PerMinute { get; }
            }
            """
        },
        {
            DiagnosticIds.MemberOutsideApp, """
            public partial class Helper
            {
                [Topic("page-views")] public partial Topic<string, string> PageViews { get; }
            }
            """
        },
        {
            DiagnosticIds.AppKind, """
            [App("views")]
            public partial class Views<T>
            {
                [Table("counts")] public partial Table<string, T> Counts { get; }
            }
            """
        },
        {
            DiagnosticIds.AppBase, """
            [App("views")]
            public partial class Views : Exception
            {
                [Topic("page-views")] public partial Topic<string, string> PageViews { get; }
            }
            """
        },
        {
            DiagnosticIds.AppDefinesDefine, """
            public abstract class Base : App
            {
            }

            [App("views")]
            public partial class Views : Base
            {
                [Topic("page-views")] public partial Topic<string, string> PageViews { get; }

                protected override void Define(AppDefinition definition) => base.Define(definition);
            }
            """
        },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_refused_declaration_gets_its_diagnostic_and_no_error_for_its_partial_members(string id, string source)
    {
        var diagnostics = await Compiler.BuildAsync(Usings + source);

        Assert.Contains(diagnostics, d => d.Id == id);
        Assert.DoesNotContain(diagnostics, d => UnimplementedPartialMembers.Contains(d.Id));
        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("CS", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public async Task A_class_that_is_not_partial_gets_its_diagnostic_first_and_one_compiler_error_instead_of_two_per_member()
    {
        var diagnostics = await Compiler.BuildAsync(Usings + """
            [App("views")]
            public class Views
            {
                [Topic("page-views")] public partial Topic<string, string> PageViews { get; }
                [Table("counts")] public partial Table<string, long> Counts { get; }
            }

            public class Outer
            {
                [App("inner")]
                public partial class Inner
                {
                    [Table("totals")] public partial Table<string, long> Totals { get; }
                }
            }
            """);

        // The generator reports FAUST1001; the compiler still refuses a class that is partial in one declaration only (CS0260).
        Assert.Equal(
            [(DiagnosticIds.AppNotPartial, 2), (DiagnosticIds.AppNotPartial, 8), ("CS0260", 2), ("CS0260", 8)],
            diagnostics.Select(d => (d.Id, d.Location.GetLineSpan().StartLinePosition.Line)));
    }

    [Fact]
    public async Task A_table_changed_by_a_timer_fails_the_build_rather_than_the_app()
    {
        var diagnostics = await Compiler.BuildAsync(Usings + """
            [App("views")]
            public partial class Views
            {
                [Table("counts", Default = 0L)] public partial Table<string, long> Counts { get; }

                [Agent("page-views")] public void Count(string page, string view) => Counts[page] += 1;

                [Timer(10)] public void Tick() => Counts["tick"] += 1;
            }
            """);

        Assert.Equal([(DiagnosticIds.TableWriteOutsideAgent, 8)], diagnostics.Select(d => (d.Id, d.Location.GetLineSpan().StartLinePosition.Line)));
    }

    [Fact]
    public async Task An_error_in_a_declaration_hides_every_analyzer()
    {
        // Why the generator implements what it refuses: a partial property nobody implements stops the build at CS9248,
        // and the agent's FAUST3001, reported in the IDE, is not shown.
        var diagnostics = await Compiler.BuildAsync(Usings + """
            [App("views")]
            public partial class Views
            {
                public partial int Unimplemented { get; }

                [Agent("page-views")] public int Count(string view) => 0;
            }
            """);

        Assert.Equal(["CS9248"], diagnostics.Select(d => d.Id));
    }
}
