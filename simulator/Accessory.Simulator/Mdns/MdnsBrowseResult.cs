using System.Globalization;

namespace Accessory.Simulator.Mdns;

/// <summary>One browse-and-resolve round of <see cref="MdnsBrowseLoad"/>.</summary>
/// <param name="Found">Instances named by PTR answers.</param>
/// <param name="Expected">Instances the responder advertises.</param>
/// <param name="AllFoundMilliseconds">From the first query until the last instance was named; NaN when not all were.</param>
/// <param name="Resolved">Instances whose SRV, TXT and target address came back.</param>
/// <param name="Lost">Instances found whose resolve got no complete answer in time.</param>
/// <param name="BrowseQueries">PTR queries sent.</param>
public sealed record MdnsBrowseResult(int Found, int Expected, double AllFoundMilliseconds, int Resolved, int Lost, int BrowseQueries)
{
    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture,
        "found {0}/{1}, all found after {2}, {3} browse quer{4}; resolves answered {5}/{0}, lost {6}",
        Found,
        Expected,
        double.IsNaN(AllFoundMilliseconds) ? "(not all)" : AllFoundMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms",
        BrowseQueries,
        BrowseQueries == 1 ? "y" : "ies",
        Resolved,
        Lost);
}
