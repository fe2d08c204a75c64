using Accessory.Phone.Protos;
using Accessory.Phone.Security;

namespace Accessory.Phone;

/// <summary>
/// A phone talking to a device's "softap" provisioning endpoints: <see cref="ProvisioningClient"/> over
/// <see cref="HttpProtocommTransport"/>, kept for the callers that only ever speak HTTP.
/// </summary>
public sealed class ProvisioningHttpClient : IDisposable
{
    private readonly HttpProtocommTransport _transport;
    private readonly ProvisioningClient _client;

    public ProvisioningHttpClient(Uri baseAddress, Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>>? connect = null)
    {
        _transport = new HttpProtocommTransport(baseAddress, connect);
        _client = new ProvisioningClient(_transport);
    }

    public string ProtoVersion() => _client.ProtoVersion();

    public void Establish(ISecurityClient security) => _client.Establish(security);

    public RespSetConfig SetConfig(byte[] ssid, byte[] passphrase) => _client.SetConfig(ssid, passphrase);

    public RespApplyConfig ApplyConfig() => _client.ApplyConfig();

    public RespGetStatus GetStatus() => _client.GetStatus();

    public RespGetStatus WaitForOutcome(TimeSpan timeout) => _client.WaitForOutcome(timeout);

    public byte[] Call(string endpoint, byte[] plaintext) => _client.Call(endpoint, plaintext);

    public void Dispose() => _transport.Dispose();
}
