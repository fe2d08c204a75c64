using Accessory.Core.LocalApi;
using Accessory.Core.Text;

namespace Accessory.Core.Provisioning.Endpoints;

/// <summary>
/// The custom provisioning endpoint "api-token": any request is answered with the device's local API access
/// token. The protocomm router only reaches it through an established sec1/sec2 session and encrypts the answer like
/// every other endpoint's, so only a phone that proved the PoP or the sec2 password receives it.
/// </summary>
public sealed class AccessTokenEndpoint : IProtocommEndpoint
{
    public const string Name = "api-token";

    private readonly AccessToken _token;

    public AccessTokenEndpoint(AccessToken token)
    {
        _token = token;
    }

    public byte[] Handle(uint sessionId, byte[] request) => Utf8.Encode(_token.Value);
}
