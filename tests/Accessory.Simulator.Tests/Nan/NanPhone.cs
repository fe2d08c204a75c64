using System.Net;
using System.Security.Cryptography.X509Certificates;
using Accessory.Core.Nan;
using Accessory.Simulator.Crypto;
using Accessory.Simulator.Nan;
using Accessory.Simulator.Net;
using Accessory.Simulator.Platform;

namespace Accessory.Simulator.Tests.Nan;

/// <summary>
/// A phone in its own namespace looking for the device: an active subscribe for _accessory._tcp (every 300 ms) with a
/// data-path requester, their events collected, and an HTTPS client that connects from the phone's namespace.
/// </summary>
internal sealed class NanPhone : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly LanHost _host;

    private NanPhone(LanHost host, UdpNanRadio radio)
    {
        _host = host;
        Radio = radio;
        var clock = new SystemClock();
        Subscriber = new NanSubscriber(radio, clock, new DotNetCryptoProvider(), 7, new NanSubscribeConfig(NanServiceName.FromAndroid("_accessory._tcp")) { PeriodMilliseconds = 300 });
        Subscriber.Notified += Events.Add;
        Requester = new NanDataPathRequester(Subscriber, clock);
        Requester.Notified += Events.Add;
    }

    public UdpNanRadio Radio { get; }

    public NanSubscriber Subscriber { get; }

    public NanDataPathRequester Requester { get; }

    public NanEventInbox Events { get; } = new();

    public static NanPhone Start(LanHost host)
    {
        var phone = new NanPhone(host, LanRadios.Open(host));
        phone.Subscriber.Start();
        return phone;
    }

    /// <summary>The device's discovery result; fails the test when none came within <paramref name="patience"/>.</summary>
    public NanEvent Discover(TimeSpan? patience = null)
    {
        var found = Events.WaitFor(NanEvents.DiscoveryResult, patience ?? Patience);
        Assert.True(found != null, "the phone never discovered the device");
        return found;
    }

    /// <summary>Asks the discovered publisher for a TCP data path and waits for <paramref name="answer"/> (an event name).</summary>
    public NanEvent? RequestDataPath(NanEvent found, string answer)
    {
        Assert.Equal(NanFollowUpError.None, Requester.Request(found.PeerAddress!, found.PeerInstanceId, NanDataPathMessage.ProtocolTcp, 0));
        return Events.WaitFor(answer, Patience);
    }

    /// <summary>The endpoint of a confirmed path as this phone connects to it (its own interface as the zone).</summary>
    public IPEndPoint EndPointOf(NanEvent confirmed) => NanDataPathEndPoint.Of(NanDataPathCodec.Decode(confirmed.ServiceInfo)!, Radio.InterfaceIndex);

    /// <summary>
    /// GET /api/v1/info from the phone's namespace, pinned to the device's own certificate (the address is an IP, so
    /// only the name check may fail); the body must name the device.
    /// </summary>
    public async Task<HttpStatusCode> GetInfoAsync(NanDevice device, IPEndPoint endPoint)
    {
        var trusted = X509CertificateLoader.LoadCertificateFromFile(device.Device.LocalApi!.ClientCaFile);
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = _host.Namespace.HttpConnectCallback,
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(trusted.RawData),
            },
        };
        using var http = new HttpClient(handler) { Timeout = Patience };
        using var response = await http.GetAsync(NanDataPathEndPoint.HttpsUri(endPoint, "/api/v1/info"));
        Assert.Contains(device.Id, await response.Content.ReadAsStringAsync());
        return response.StatusCode;
    }

    public void Dispose()
    {
        Requester.Detach();
        Subscriber.Cancel();
        Radio.Dispose();
    }
}
