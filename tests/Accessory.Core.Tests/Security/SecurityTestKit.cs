using Accessory.Core.Ports;
using Accessory.Core.Provisioning;
using Accessory.Core.Provisioning.Security;
using Accessory.Simulator.Crypto;
using Accessory.Simulator.Platform;

namespace Accessory.Core.Tests.Security;

/// <summary>Builds schemes over the simulator's real crypto provider and wires a test client to them.</summary>
internal static class SecurityTestKit
{
    public const string Username = "wifiprov";
    public const string Password = "abcd1234";

    public static readonly ICryptoProvider Crypto = new DotNetCryptoProvider();
    public static readonly IRandom Random = new CryptoRandom();

    private static readonly Lazy<SrpGroup> LazyGroup = new(() => SrpGroup.Rfc5054Group3072(Crypto));
    private static readonly Lazy<SrpCredentials> LazyCredentials = new(() => SrpCredentialsFactory.Create(Group, Random, Username, Password));

    public static SrpGroup Group => LazyGroup.Value;

    public static SrpCredentials Credentials => LazyCredentials.Value;

    public static Sec1Scheme Sec1(string? pop) => new(Crypto, Random, pop == null ? null : System.Text.Encoding.UTF8.GetBytes(pop));

    public static Sec2Scheme Sec2(int patchVersion) => new(Crypto, Random, Group, Credentials, patchVersion);

    public static Func<byte[], byte[]> Exchange(ISecurityScheme scheme, uint sessionId) =>
        request => scheme.HandleSessionRequest(sessionId, request);

    /// <summary>Sends <paramref name="rounds"/> requests and replies through both sides and checks each arrives intact.</summary>
    public static void RoundTrips(ISecurityScheme scheme, uint sessionId, Accessory.Phone.Security.ISecurityClient client, int rounds)
    {
        for (int i = 0; i < rounds; i++)
        {
            byte[] request = System.Text.Encoding.UTF8.GetBytes("request " + i + " " + new string('q', i * 7));
            byte[] onWire = client.EncryptRequest(request);
            if (scheme.Version != 0)
            {
                Assert.NotEqual(request, onWire);
            }

            Assert.Equal(request, scheme.Decrypt(sessionId, onWire));

            byte[] reply = System.Text.Encoding.UTF8.GetBytes("reply " + i + " " + new string('r', i * 5 + 3));
            byte[] replyOnWire = scheme.Encrypt(sessionId, reply);
            Assert.Equal(reply, client.DecryptResponse(replyOnWire));
        }
    }
}
