namespace FaustGen.Web;

/// <summary>The dashboard page, read once from the assembly's resources.</summary>
internal static class DashboardPage
{
    private static readonly Lazy<byte[]> Page = new(() =>
    {
        using var stream = typeof(DashboardPage).Assembly.GetManifestResourceStream("FaustGen.Web.dashboard.html")
            ?? throw new InvalidOperationException("The dashboard resource is missing from FaustGen.Web.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static ReadOnlyMemory<byte> Html => Page.Value;
}
