using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FaustGen.Generators;

/// <summary>Where a diagnostic the generator reports points, held as values: a <see cref="Location"/> would hold its syntax tree.</summary>
internal sealed record LocationSpec(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationSpec Of(Location location) => new(location.SourceTree?.FilePath ?? string.Empty, location.SourceSpan, location.GetLineSpan().Span);

    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
}
