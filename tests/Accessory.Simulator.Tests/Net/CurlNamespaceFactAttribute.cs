using Accessory.Simulator.Net;

namespace Accessory.Simulator.Tests.Net;

/// <summary>A namespace fact that also needs curl, the third-party HTTP client it drives.</summary>
public sealed class CurlNamespaceFactAttribute : FactAttribute
{
    public const string CurlPath = "/usr/bin/curl";

    public CurlNamespaceFactAttribute()
    {
        if (NetworkNamespace.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
        else if (!File.Exists(CurlPath))
        {
            Skip = "curl is not installed (apt-get install curl)";
        }
    }
}
