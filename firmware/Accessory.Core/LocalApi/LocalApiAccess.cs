namespace Accessory.Core.LocalApi;

/// <summary>
/// Which local API requests a paired phone's token must accompany, decided once for both bodies: everything but
/// <c>/api/v1/info</c>, which stays open so a phone can identify a device before pairing (docs/security.md).
/// </summary>
public static class LocalApiAccess
{
    /// <summary>True when <paramref name="path"/> (query string allowed) is served without a token.</summary>
    public static bool IsOpen(string path)
    {
        if (path == null)
        {
            return false;
        }

        int query = path.IndexOf('?');
        string route = query < 0 ? path : path.Substring(0, query);
        return route == LocalApiPaths.Info;
    }
}
