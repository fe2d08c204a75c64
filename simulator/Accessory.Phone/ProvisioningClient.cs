using Accessory.Phone.Protos;
using Accessory.Phone.Security;
using Google.Protobuf;

namespace Accessory.Phone;

/// <summary>
/// The phone's side of the ESP-IDF provisioning flow (proto-ver, security handshake, Wi-Fi config, status), over
/// whichever transport reaches the device. Synchronous, so load generators can run it on plain threads.
/// </summary>
public sealed class ProvisioningClient
{
    private readonly IProtocommTransport _transport;
    private ISecurityClient? _security;

    public ProvisioningClient(IProtocommTransport transport)
    {
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
    }

    /// <summary>proto-ver: the device's JSON version document (readable before a session).</summary>
    public string ProtoVersion() => System.Text.Encoding.UTF8.GetString(_transport.Post("proto-ver", "ESP"u8.ToArray()));

    /// <summary>Runs the security handshake on prov-session; later calls are encrypted by it.</summary>
    public void Establish(ISecurityClient security)
    {
        ArgumentNullException.ThrowIfNull(security);
        security.Handshake(request => _transport.Post("prov-session", request));
        _security = security;
    }

    public RespSetConfig SetConfig(byte[] ssid, byte[] passphrase)
    {
        var request = new WiFiConfigPayload
        {
            Msg = WiFiConfigMsgType.TypeCmdSetConfig,
            CmdSetConfig = new CmdSetConfig { Ssid = ByteString.CopyFrom(ssid), Passphrase = ByteString.CopyFrom(passphrase) },
        };
        return Config(request).RespSetConfig;
    }

    public RespApplyConfig ApplyConfig() =>
        Config(new WiFiConfigPayload { Msg = WiFiConfigMsgType.TypeCmdApplyConfig, CmdApplyConfig = new CmdApplyConfig() }).RespApplyConfig;

    public RespGetStatus GetStatus() =>
        Config(new WiFiConfigPayload { Msg = WiFiConfigMsgType.TypeCmdGetStatus, CmdGetStatus = new CmdGetStatus() }).RespGetStatus;

    /// <summary>Polls GetStatus until the device reports Connected or ConnectionFailed.</summary>
    public RespGetStatus WaitForOutcome(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var status = GetStatus();
            if (status.StaState is WifiStationState.Connected or WifiStationState.ConnectionFailed || DateTime.UtcNow > deadline)
            {
                return status;
            }

            // Polling, as the phone apps do: the device has no way to push the outcome on this endpoint.
            Thread.Sleep(1);
        }
    }

    /// <summary>The provisioning endpoint that hands a paired phone the local API access token.</summary>
    public const string AccessTokenEndpoint = "api-token";

    /// <summary>
    /// The device's access token for its local API (<c>Authorization: Bearer</c>) and BLE control characteristic
    /// (write <c>auth\n&lt;token&gt;</c> first). Ask for it on the established session, before the device joins its
    /// network and ends provisioning; keep it like a password (the app's keychain), and ask again after a factory reset.
    /// </summary>
    public string GetAccessToken()
    {
        string token = System.Text.Encoding.UTF8.GetString(Call(AccessTokenEndpoint, "get"u8.ToArray()));
        if (token.Length != 32 || !token.All(char.IsAsciiHexDigitLower))
        {
            throw new InvalidOperationException("the device did not answer with an access token (firmware without the api-token endpoint?)");
        }

        return token;
    }

    /// <summary>Sends an encrypted request to any endpoint and returns the decrypted response.</summary>
    public byte[] Call(string endpoint, byte[] plaintext)
    {
        var security = _security ?? throw new InvalidOperationException("establish a session first");
        return security.DecryptResponse(_transport.Post(endpoint, security.EncryptRequest(plaintext)));
    }

    private WiFiConfigPayload Config(WiFiConfigPayload request) => WiFiConfigPayload.Parser.ParseFrom(Call("prov-config", request.ToByteArray()));
}
