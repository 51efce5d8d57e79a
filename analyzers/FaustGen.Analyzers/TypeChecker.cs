using FaustGen.Generators.Rules;
using FaustGen.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FaustGen.Analyzers;

/// <summary>
/// Checks any type for what concerns it alone: [Record] types and [CodecName] codecs with the generator's rules, and
/// types that contain an [App] or a [Record] (they must be partial too). Each is reported on the type it is about, so
/// its fix is local to that type.
/// </summary>
internal static class TypeChecker
{
    public static void Check(SymbolAnalysisContext context, FaustSymbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        CheckContainer(context, symbols, type);
        if (FaustSymbols.Find(type, symbols.RecordAttribute) is { } record)
        {
            CheckRecord(context, symbols, type, record);
        }

        if (FaustSymbols.Find(type, symbols.Records.CodecNameAttribute) is { } codecName &&
            CodecNameRules.Classify(type, symbols.Records, out _) is { Rule: RuleId.CustomCodec } violation)
        {
            var location = Locations.Of(violation, codecName, type, context.CancellationToken);
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.CustomCodec, location, type.Name, violation.Message));
        }
    }

    private static void CheckContainer(SymbolAnalysisContext context, FaustSymbols symbols, INamedTypeSymbol type)
    {
        var (nested, descriptor) = FindNested(type, symbols, context.CancellationToken);
        if (nested is null)
        {
            return;
        }

        foreach (var declaration in AppRules.NonPartialDeclarations(type, context.CancellationToken))
        {
            context.ReportDiagnostic(Diagnostic.Create(descriptor, Locations.NameOf(declaration), type.Name, nested.Name));
        }
    }

    /// <summary>
    /// The first [App] or [Record] nested in <paramref name="type"/>, at any depth, with the rule a non-partial container
    /// breaks; an app for which the generator reports its containers itself does not count.
    /// </summary>
    private static (INamedTypeSymbol? Nested, DiagnosticDescriptor Descriptor) FindNested(INamedTypeSymbol type, FaustSymbols symbols, CancellationToken cancellationToken)
    {
        foreach (var nested in type.GetTypeMembers())
        {
            if (symbols.IsApp(nested) &&
                !(AppRules.Classify(nested, symbols.Types, cancellationToken, out _) is { } violation && AppRules.IsReportedByGenerator(violation, nested, cancellationToken)))
            {
                return (nested, Descriptors.AppNotPartial);
            }

            if (FaustSymbols.Find(nested, symbols.RecordAttribute) is not null)
            {
                return (nested, Descriptors.RecordNotPartial);
            }

            if (FindNested(nested, symbols, cancellationToken) is { Nested: not null } deeper)
            {
                return deeper;
            }
        }

        return (null, Descriptors.AppNotPartial);
    }

    private static void CheckRecord(SymbolAnalysisContext context, FaustSymbols symbols, INamedTypeSymbol type, AttributeData record)
    {
        var cancellationToken = context.CancellationToken;
        var violation = RecordRules.Classify(type, symbols.Records, cancellationToken, out var shape, out var at);
        if (violation is null)
        {
            if (shape?.Serializer is { } serializer && CodecNames.Error(serializer, symbols.CustomCodecs) is { } codecError)
            {
                var serializerLocation = Locations.OfArgument(record, "Serializer", -1, cancellationToken) ?? Locations.Of(type, cancellationToken);
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.CodecName, serializerLocation, CodecFixes.ForName(serializer, symbols), serializer, codecError));
            }

            return;
        }

        if (Descriptors.For(violation.Rule, MemberKind.Record) is not { } descriptor)
        {
            return;
        }

        switch (violation.Rule)
        {
            // A container that is not partial is reported on the container (see CheckContainer).
            case RuleId.RecordNotPartial:
                foreach (var declaration in AppRules.NonPartialDeclarations(type, cancellationToken))
                {
                    context.ReportDiagnostic(Diagnostic.Create(descriptor, Locations.NameOf(declaration), type.Name, type.Name));
                }

                break;
            case RuleId.CodecName:
                context.ReportDiagnostic(Diagnostic.Create(descriptor, Locations.Of(violation, record, type, cancellationToken), string.Empty, violation.Message));
                break;
            default:
                var location = violation.Rule == RuleId.RecordSubtype ? SubtypeLocation(record, type, at, symbols, cancellationToken) : null;
                context.ReportDiagnostic(Diagnostic.Create(descriptor, location ?? Locations.Of(violation, record, at ?? type, cancellationToken), type.Name, violation.Message));
                break;
        }
    }

    // The [RecordSubtype] that names the subtype at fault, rather than the subtype, which may be declared elsewhere.
    private static Location? SubtypeLocation(AttributeData record, INamedTypeSymbol type, ISymbol? subtype, FaustSymbols symbols, CancellationToken cancellationToken)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, symbols.Records.RecordSubtypeAttribute) &&
                attribute.ConstructorArguments.Length > 0 && SymbolEqualityComparer.Default.Equals(attribute.ConstructorArguments[0].Value as ISymbol, subtype) &&
                attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is { } syntax)
            {
                return syntax.GetLocation();
            }
        }

        return record.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation();
    }
}
