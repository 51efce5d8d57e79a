using System.Collections.Concurrent;
using FaustGen.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FaustGen.Analyzers;

/// <summary>Checks across the apps of one project, once all of them have been checked.</summary>
internal static class ProjectChecks
{
    public static void Check(CompilationAnalysisContext context, ConcurrentQueue<AppSummary> apps)
    {
        if (apps.Count < 2)
        {
            return;
        }

        // In source order, so the first app keeps its id and changelogs and the later ones are reported.
        var ordered = apps
            .OrderBy(a => a.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(a => a.Location.SourceSpan.Start)
            .ToList();

        var byId = new Dictionary<string, AppSummary>(StringComparer.Ordinal);
        var changelogs = new Dictionary<string, (AppSummary App, AppSummary.Changelog Changelog)>(StringComparer.Ordinal);
        foreach (var app in ordered)
        {
            if (app.Id is null)
            {
                continue;
            }

            if (byId.TryGetValue(app.Id, out var namesake))
            {
                // The apps share everything derived from the id; their changelogs are reported by this one diagnostic.
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.DuplicateAppId, app.Location, app.Id, app.Name, namesake.Name));
                continue;
            }

            byId.Add(app.Id, app);
            foreach (var changelog in app.Changelogs)
            {
                if (changelogs.TryGetValue(changelog.Topic, out var earlier))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.ChangelogCollisionAcrossApps, changelog.Location,
                        changelog.Topic, changelog.Table, earlier.Changelog.Table, earlier.App.Id));
                }
                else
                {
                    changelogs.Add(changelog.Topic, (app, changelog));
                }
            }
        }
    }
}
