using System.Net;
using System.Net.Http.Headers;
using Accessory.Phone.Protos;
using Accessory.Phone.Security;
using Google.Protobuf;

namespace Accessory.Phone;

/// <summary>
/// A phone talking to a device's "softap" provisioning endpoints: one kept-alive connection that carries the
/// session cookie, as Espressif's phone libraries do. Synchronous, so load generators can run it on plain threads.
/// </summary>
public sealed class ProvisioningHttpClient : IDisposable
{
    private readonly HttpClient _http;
    private ISecurityClient? _security;

    public ProvisioningHttpClient(Uri baseAddress, Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>>? connect = null)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = true,
            MaxConnectionsPerServer = 1,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        if (connect != null)
        {
            handler.ConnectCallback = connect;
        }

        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>proto-ver: the device's JSON version document (readable before a session).</summary>
    public string ProtoVersion() => System.Text.Encoding.UTF8.GetString(Post("proto-ver", "ESP"u8.ToArray()));

    /// <summary>Runs the security handshake on prov-session; later calls are encrypted by it.</summary>
    public void Establish(ISecurityClient security)
    {
        ArgumentNullException.ThrowIfNull(security);
        security.Handshake(request => Post("prov-session", request));
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

            Thread.Sleep(1);
        }
    }

    /// <summary>Sends an encrypted request to any endpoint and returns the decrypted response.</summary>
    public byte[] Call(string endpoint, byte[] plaintext)
    {
        var security = _security ?? throw new InvalidOperationException("establish a session first");
        return security.DecryptResponse(Post(endpoint, security.EncryptRequest(plaintext)));
    }

    public void Dispose() => _http.Dispose();

    private WiFiConfigPayload Config(WiFiConfigPayload request) => WiFiConfigPayload.Parser.ParseFrom(Call("prov-config", request.ToByteArray()));

    private byte[] Post(string endpoint, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, UriKind.Relative)) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
        using var response = _http.Send(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"{endpoint}: HTTP {(int)response.StatusCode}", null, response.StatusCode);
        }

        using var stream = response.Content.ReadAsStream();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
