using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Accessory.Core.Nan;
using Accessory.Simulator.Crypto;
using Accessory.Simulator.Nan;
using Accessory.Simulator.Net;
using Accessory.Simulator.Platform;
using Accessory.Simulator.Tests.Net;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Nan;

/// <summary>The whole simulated device publishing in the "device" namespace; a phone subscriber in the "phone" one.</summary>
public sealed class NanDeviceDataPathTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly SystemClock _clock = new();

    [NamespaceFact]
    public async Task Accepted_data_path_leads_over_ipv6_link_local_to_the_devices_local_api()
    {
        using var lan = LanSegment.Create("device", "phone");
        await using var device = await NanDevice.StartAsync(lan["device"]);
        using var phoneRadio = LanRadios.Open(lan["phone"]);
        var (subscriber, requester, events) = Subscribe(phoneRadio);

        var found = events.WaitFor(NanEvents.DiscoveryResult, Patience);
        Assert.NotNull(found);
        Assert.Equal(device.Id, JsonDocument.Parse(found.ServiceInfo!).RootElement.GetProperty("id").GetString());
        Assert.Equal(NanFollowUpError.None, requester.Request(found.PeerAddress!, found.PeerInstanceId, NanDataPathMessage.ProtocolTcp, 0));
        var confirmed = events.WaitFor(NanEvents.DataPathConfirmed, Patience);
        subscriber.Cancel();

        Assert.NotNull(confirmed);
        Assert.NotNull(device.Events.WaitFor(NanEvents.DataPathConfirmed, Patience));
        NanDataPathMessage accept = NanDataPathCodec.Decode(confirmed.ServiceInfo)!;

        // The device's own fe80:: address on the link, not its IPv4 one (which the API also listens on).
        Assert.Equal(lan["device"].IPv6LinkLocal.GetAddressBytes(), accept.Address);
        var endPoint = NanDataPathEndPoint.Of(accept, phoneRadio.InterfaceIndex);
        Assert.Equal(phoneRadio.InterfaceIndex, endPoint.Address.ScopeId);
        Assert.Equal(HttpStatusCode.OK, await GetInfoAsync(lan["phone"], device, endPoint));
    }

    [NamespaceFact]
    public async Task Curl_in_the_phone_namespace_reaches_the_data_path_address_with_its_own_zone()
    {
        using var lan = LanSegment.Create("device", "phone");
        await using var device = await NanDevice.StartAsync(lan["device"]);
        var (_, confirmed) = DiscoverAndRequestDataPath(lan["phone"], NanEvents.DataPathConfirmed);
        Assert.NotNull(confirmed);
        NanDataPathMessage accept = NanDataPathCodec.Decode(confirmed.ServiceInfo)!;

        // What an app does with a peer's link-local address: connect through its own interface, named as the zone.
        string url = $"https://[{new IPAddress(accept.Address!)}%25{lan["phone"].InterfaceName}]:{accept.Port}/api/v1/info";
        var curl = lan["phone"].Namespace.Run("curl", ["-sS", "-g", "-k", "--max-time", "10", url], TimeSpan.FromSeconds(20));

        Assert.True(curl.ExitCode == 0, curl.StandardError);
        Assert.Equal(device.Id, JsonDocument.Parse(curl.StandardOutput).RootElement.GetProperty("id").GetString());
    }

    [NamespaceFact]
    public async Task Data_path_link_listener_goes_away_while_the_device_is_offline()
    {
        using var lan = LanSegment.Create("device", "phone");
        await using var device = await NanDevice.StartAsync(lan["device"]);
        var endPoint = new IPEndPoint(lan["device"].IPv6LinkLocal, device.Device.Nan!.DataPathEndPoint!.Port);
        using var probe = LanRadios.Open(lan["phone"]);
        var scoped = new IPEndPoint(new IPAddress(endPoint.Address.GetAddressBytes(), probe.InterfaceIndex), endPoint.Port);

        device.Device.Faults.Set(Accessory.Simulator.Faults.FaultSpec.Parse("wifi.ap-lost:duration=5s"));
        Assert.True(await Eventually.TrueAsync(() => device.Device.Lifecycle.State != Accessory.Core.Device.DeviceState.Online, Patience), "the device stayed online");
        var refused = await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(() => lan["phone"].Namespace.ConnectAsync(scoped));
        Assert.Equal(System.Net.Sockets.SocketError.ConnectionRefused, refused.SocketErrorCode);

        Assert.True(await Eventually.TrueAsync(() => device.Device.Lifecycle.State == Accessory.Core.Device.DeviceState.Online, TimeSpan.FromSeconds(30)), "the device never came back");
        Assert.Equal(HttpStatusCode.OK, await GetInfoAsync(lan["phone"], device, scoped));
    }

    [NamespaceFact]
    public async Task Without_a_link_local_address_the_data_path_falls_back_to_ipv4()
    {
        using var lan = LanSegment.Create("device", "phone");
        var flushed = lan["device"].Namespace.Run("ip", ["-6", "addr", "flush", "dev", lan["device"].InterfaceName], TimeSpan.FromSeconds(20));
        Assert.True(flushed.ExitCode == 0, flushed.StandardError);
        await using var device = await NanDevice.StartAsync(lan["device"]);
        var (_, confirmed) = DiscoverAndRequestDataPath(lan["phone"], NanEvents.DataPathConfirmed);

        Assert.NotNull(confirmed);
        Assert.Null(device.Device.Nan!.DataPathEndPoint);
        var endPoint = NanDataPathEndPoint.Of(NanDataPathCodec.Decode(confirmed.ServiceInfo)!, 0);
        Assert.Equal(lan["device"].IPv4, endPoint.Address);
        Assert.Equal(HttpStatusCode.OK, await GetInfoAsync(lan["phone"], device, endPoint));
    }

    [NamespaceFact]
    public async Task Datapath_reject_fault_rejects_with_its_reason()
    {
        using var lan = LanSegment.Create("device", "phone");
        await using var device = await NanDevice.StartAsync(lan["device"], "nan.datapath-reject:reason=busy-now");
        var (_, rejected) = DiscoverAndRequestDataPath(lan["phone"], NanEvents.DataPathRejected);

        Assert.NotNull(rejected);
        Assert.Equal("busy-now", rejected.Reason);
    }

    [NamespaceFact]
    public async Task Pairing_fail_fault_rejects_with_pairing_failed()
    {
        using var lan = LanSegment.Create("device", "phone");
        await using var device = await NanDevice.StartAsync(lan["device"], "nan.pairing-fail");
        var (_, rejected) = DiscoverAndRequestDataPath(lan["phone"], NanEvents.DataPathRejected);

        Assert.Equal("pairing-failed", rejected?.Reason);
    }

    [NamespaceFact]
    public async Task Ttl_early_fault_terminates_the_publish()
    {
        using var lan = LanSegment.Create("device", "phone");
        await using var device = await NanDevice.StartAsync(lan["device"], "nan.ttl-early:seconds=1");

        var terminated = device.Events.WaitFor(NanEvents.PublishTerminated, Patience);

        Assert.NotNull(terminated);
        Assert.Equal(NanEvents.ReasonTimeout, terminated.Reason);
        Assert.False(device.Device.Nan!.Publishing);
    }

    [NamespaceFact]
    public async Task An_unprovisioned_device_publishes_too_and_rejects_data_paths_until_online()
    {
        using var lan = LanSegment.Create("device", "phone");
        await using var device = await NanDevice.StartAsync(lan["device"], provisioned: false);
        var (found, rejected) = DiscoverAndRequestDataPath(lan["phone"], NanEvents.DataPathRejected);

        Assert.Equal(device.Id, JsonDocument.Parse(found.ServiceInfo!).RootElement.GetProperty("id").GetString());

        Assert.NotNull(rejected);
        Assert.Equal(Accessory.Simulator.Nan.DeviceNan.ReasonNoLocalApi, rejected.Reason);
    }

    [NamespaceFact]
    public async Task Delay_match_fault_holds_the_devices_answer_back_at_least_that_long()
    {
        using var lan = LanSegment.Create("device", "phone");
        await using var device = await NanDevice.StartAsync(lan["device"], "nan.delay-match:ms=800");
        using var phoneRadio = LanRadios.Open(lan["phone"]);
        var (subscriber, requester, events) = Subscribe(phoneRadio);
        var found = events.WaitFor(NanEvents.DiscoveryResult, Patience);
        Assert.NotNull(found);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        requester.Request(found.PeerAddress!, found.PeerInstanceId, NanDataPathMessage.ProtocolTcp, 0);
        var confirmed = events.WaitFor(NanEvents.DataPathConfirmed, Patience);
        clock.Stop();
        subscriber.Cancel();

        Assert.NotNull(confirmed);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(800), $"answered after {clock.Elapsed.TotalMilliseconds} ms");
    }

    [NamespaceTheory]
    [InlineData(false, true, true)]
    [InlineData(false, false, false)]
    [InlineData(true, true, false)]
    [InlineData(true, false, true)]
    public async Task The_device_publishes_only_in_the_states_its_configuration_names(bool provisioned, bool whileUnprovisioned, bool expected)
    {
        using var lan = LanSegment.Create("device", "phone");
        await using var device = await NanDevice.StartAsync(lan["device"], provisioned, new NanPublishRules(whileUnprovisioned, !whileUnprovisioned));
        using var phoneRadio = LanRadios.Open(lan["phone"]);
        var (subscriber, _, events) = Subscribe(phoneRadio);

        // The subscriber solicits every 300 ms: a publisher that is there answers well within the wait.
        var found = events.WaitFor(NanEvents.DiscoveryResult, expected ? Patience : TimeSpan.FromSeconds(2));
        subscriber.Cancel();

        Assert.Equal(expected, device.Device.Nan!.Publishing);
        Assert.Equal(expected, found != null);
    }

    [NamespaceFact]
    public async Task A_data_path_request_gets_through_a_lossy_medium_by_being_sent_again()
    {
        using var lan = LanSegment.Create("device", "phone");
        await using var device = await NanDevice.StartAsync(lan["device"], "nan.drop:probability=0.3");
        using var phoneRadio = LanRadios.Open(lan["phone"]);
        var (subscriber, requester, events) = Subscribe(phoneRadio);
        requester.RetryMilliseconds = 200;
        requester.Sends = 20;
        var found = events.WaitFor(NanEvents.DiscoveryResult, TimeSpan.FromSeconds(20));
        Assert.NotNull(found);

        requester.Request(found.PeerAddress!, found.PeerInstanceId, NanDataPathMessage.ProtocolTcp, 0);
        var confirmed = events.WaitFor(NanEvents.DataPathConfirmed, TimeSpan.FromSeconds(10));
        subscriber.Cancel();

        // Each send and its answer cross the loss once: 20 sends all failing has odds of about one in a million.
        Assert.NotNull(confirmed);
        Assert.Equal(lan["device"].IPv6LinkLocal.GetAddressBytes(), NanDataPathCodec.Decode(confirmed.ServiceInfo)!.Address);
    }

    [NamespaceFact]
    public async Task Half_the_frames_dropped_still_discovers_within_a_bounded_time()
    {
        using var lan = LanSegment.Create("device", "phone");
        await using var device = await NanDevice.StartAsync(lan["device"], "nan.drop:probability=0.5");
        using var phoneRadio = LanRadios.Open(lan["phone"]);
        var (subscriber, _, events) = Subscribe(phoneRadio);

        var found = events.WaitFor(NanEvents.DiscoveryResult, TimeSpan.FromSeconds(20));
        subscriber.Cancel();

        Assert.NotNull(found);
    }

    // A phone in its own namespace finds the device and asks it for a data path; returns the discovery and the answer.
    private (NanEvent Found, NanEvent? Answer) DiscoverAndRequestDataPath(LanHost phone, string answer)
    {
        using var phoneRadio = LanRadios.Open(phone);
        var (subscriber, requester, events) = Subscribe(phoneRadio);
        var found = events.WaitFor(NanEvents.DiscoveryResult, Patience);
        Assert.NotNull(found);
        requester.Request(found.PeerAddress!, found.PeerInstanceId, NanDataPathMessage.ProtocolTcp, 0);
        var outcome = events.WaitFor(answer, Patience);
        subscriber.Cancel();
        return (found, outcome);
    }

    // Pinned to the device's own certificate: the address is an IP, so only the name check may fail.
    private static async Task<HttpStatusCode> GetInfoAsync(LanHost phone, NanDevice device, IPEndPoint endPoint)
    {
        var trusted = X509CertificateLoader.LoadCertificateFromFile(device.Device.LocalApi!.ClientCaFile);
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = phone.Namespace.HttpConnectCallback,
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

    private (NanSubscriber Subscriber, NanDataPathRequester Requester, NanEventInbox Events) Subscribe(INanRadio radio)
    {
        var events = new NanEventInbox();
        var subscriber = new NanSubscriber(radio, _clock, new DotNetCryptoProvider(), 7, new NanSubscribeConfig(NanServiceName.FromAndroid("_accessory._tcp")) { PeriodMilliseconds = 300 });
        subscriber.Notified += events.Add;
        var requester = new NanDataPathRequester(subscriber, _clock);
        requester.Notified += events.Add;
        subscriber.Start();
        return (subscriber, requester, events);
    }
}
