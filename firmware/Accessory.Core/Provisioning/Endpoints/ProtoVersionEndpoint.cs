using Accessory.Core.Text;

namespace Accessory.Core.Provisioning.Endpoints;

/// <summary>
/// proto-ver: the plain JSON document phone apps read before a session to pick the security scheme and features.
/// Built by hand because the core has no JSON serializer; every value is a constant or a number, so no escaping.
/// </summary>
public sealed class ProtoVersionEndpoint : IProtocommEndpoint
{
    public const string Version = "v1.1";

    private readonly byte[] _document;

    public ProtoVersionEndpoint(int securityVersion, int securityPatchVersion, bool popUsed, bool scanAvailable)
    {
        Document = Build(securityVersion, securityPatchVersion, popUsed, scanAvailable);
        _document = Utf8.Encode(Document);
    }

    public string Document { get; }

    public byte[] Handle(uint sessionId, byte[] request)
    {
        var copy = new byte[_document.Length];
        System.Array.Copy(_document, copy, copy.Length);
        return copy;
    }

    private static string Build(int securityVersion, int securityPatchVersion, bool popUsed, bool scanAvailable)
    {
        string caps = string.Empty;
        if (securityVersion == 0)
        {
            caps = Append(caps, "no_sec");
        }

        if (securityVersion == 1 && !popUsed)
        {
            caps = Append(caps, "no_pop");
        }

        if (scanAvailable)
        {
            caps = Append(caps, "wifi_scan");
        }

        return "{\"prov\":{\"ver\":\"" + Version + "\",\"sec_ver\":" + securityVersion + ",\"sec_patch_ver\":" + securityPatchVersion + ",\"cap\":[" + caps + "]}}";
    }

    private static string Append(string list, string cap) => (list.Length == 0 ? string.Empty : list + ",") + "\"" + cap + "\"";
}
