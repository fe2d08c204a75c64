namespace Accessory.Simulator.Dashboard;

/// <summary>The page's script and style, embedded in the assembly: the dashboard works with no network at all.</summary>
internal static class DashboardAssets
{
    public static byte[] Read(string name)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream("Accessory.Simulator.Dashboard." + name)
            ?? throw new InvalidOperationException("dashboard asset " + name + " is missing from the assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
