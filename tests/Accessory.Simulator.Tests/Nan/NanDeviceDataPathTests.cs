using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Accessory.Core.Device;
using Accessory.Core.Nan;
using Accessory.Simulator.Faults;
using Accessory.Simulator.Nan;
using Accessory.Simulator.Net;
using Accessory.Simulator.Tests.Net;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Nan;

/// <summary>Data paths from a phone in the "phone" namespace to the whole simulated device in the "device" one.</summary>
public sealed class NanDeviceDataPathTests
{
    private static readonly TimeSpan Patience = NanPhone.Patience;

    [NamespaceFact]
    public async Task Accepted_data_path_leads_over_ipv6_link_local_to_the_devices_local_api()
    {
        using var lan = LanSegment.Create("device", "phone");
        await using var device = await NanDevice.StartAsync(lan["device"]);
        using var phone = NanPhone.Start(lan["phone"]);

        var found = phone.Discover();
        Assert.Equal(device.Id, JsonDocument.Parse(found.ServiceInfo!).RootElement.GetProperty("id").GetString());
        var confirmed = phone.RequestDataPath(found, NanEvents.DataPathConfirmed);

        Assert.NotNull(confirmed);
        Assert.NotNull(device.Events.WaitFor(NanEvents.DataPathConfirmed, Patience));

        // The device's own fe80:: address on the link, not its IPv4 one (which the API also listens on).
        Assert.Equal(lan["device"].IPv6LinkLocal.GetAddressBytes(), NanDataPathCodec.Decode(confirmed.ServiceInfo)!.Address);
        var endPoint = phone.EndPointOf(confirmed);
        Assert.Equal(phone.Radio.InterfaceIndex, endPoint.Address.ScopeId);
        Assert.Equal(HttpStatusCode.OK, await phone.GetInfoAsync(device, endPoint));
    }

    [NamespaceFact]
    public async Task Curl_in_the_phone_namespace_reaches_the_data_path_address_with_its_own_zone()
    {
        using var lan = LanSegment.Create("device", "phone");
        await using var device = await NanDevice.StartAsync(lan["device"]);
        using var phone = NanPhone.Start(lan["phone"]);
        var confirmed = phone.RequestDataPath(phone.Discover(), NanEvents.DataPathConfirmed);
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
        using var phone = NanPhone.Start(lan["phone"]);
        var scoped = new IPEndPoint(new IPAddress(lan["device"].IPv6LinkLocal.GetAddressBytes(), phone.Radio.InterfaceIndex), device.Device.Nan!.DataPathEndPoint!.Port);

        device.Device.Faults.Set(FaultSpec.Parse("wifi.ap-lost:duration=5s"));
        Assert.True(await Eventually.TrueAsync(() => device.Device.Lifecycle.State != DeviceState.Online, Patience), "the device stayed online");
        var refused = await Assert.ThrowsAsync<SocketException>(() => lan["phone"].Namespace.ConnectAsync(scoped));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);

        Assert.True(await Eventually.TrueAsync(() => device.Device.Lifecycle.State == DeviceState.Online, TimeSpan.FromSeconds(30)), "the device never came back");
        Assert.Equal(HttpStatusCode.OK, await phone.GetInfoAsync(device, scoped));
    }

    [NamespaceFact]
    public async Task Without_a_link_local_address_the_data_path_falls_back_to_ipv4()
    {
        using var lan = LanSegment.Create("device", "phone");
        var flushed = lan["device"].Namespace.Run("ip", ["-6", "addr", "flush", "dev", lan["device"].InterfaceName], TimeSpan.FromSeconds(20));
        Assert.True(flushed.ExitCode == 0, flushed.StandardError);
        await using var device = await NanDevice.StartAsync(lan["device"]);
        using var phone = NanPhone.Start(lan["phone"]);
        var confirmed = phone.RequestDataPath(phone.Discover(), NanEvents.DataPathConfirmed);

        Assert.NotNull(confirmed);
        Assert.Null(device.Device.Nan!.DataPathEndPoint);
        var endPoint = phone.EndPointOf(confirmed);
        Assert.Equal(lan["device"].IPv4, endPoint.Address);
        Assert.Equal(HttpStatusCode.OK, await phone.GetInfoAsync(device, endPoint));
    }

    [NamespaceFact]
    public async Task A_link_local_address_that_comes_after_the_start_is_used_from_then_on()
    {
        using var lan = LanSegment.Create("device", "phone");
        var host = lan["device"];
        Assert.Equal(0, host.Namespace.Run("ip", ["-6", "addr", "flush", "dev", host.InterfaceName], TimeSpan.FromSeconds(20)).ExitCode);
        await using var device = await NanDevice.StartAsync(host);
        Assert.Null(device.Device.Nan!.DataPathEndPoint);

        // As after duplicate address detection on a fresh interface: the address becomes usable while the device runs.
        var added = host.Namespace.Run("ip", ["-6", "addr", "add", host.IPv6LinkLocal + "/64", "dev", host.InterfaceName, "nodad"], TimeSpan.FromSeconds(20));
        Assert.True(added.ExitCode == 0, added.StandardError);
        using var phone = NanPhone.Start(lan["phone"]);
        var confirmed = phone.RequestDataPath(phone.Discover(), NanEvents.DataPathConfirmed);

        Assert.NotNull(confirmed);
        Assert.Equal(host.IPv6LinkLocal.GetAddressBytes(), NanDataPathCodec.Decode(confirmed.ServiceInfo)!.Address);
        Assert.Equal(HttpStatusCode.OK, await phone.GetInfoAsync(device, phone.EndPointOf(confirmed)));
    }

    [NamespaceTheory]
    [InlineData("nan.datapath-reject:reason=busy-now", "busy-now")]
    [InlineData("nan.pairing-fail", DeviceNan.ReasonPairingFailed)]
    public async Task Reject_faults_reject_with_their_reason(string fault, string reason)
    {
        using var lan = LanSegment.Create("device", "phone");
        await using var device = await NanDevice.StartAsync(lan["device"], fault);
        using var phone = NanPhone.Start(lan["phone"]);

        var rejected = phone.RequestDataPath(phone.Discover(), NanEvents.DataPathRejected);

        Assert.Equal(reason, rejected?.Reason);
    }

    [NamespaceFact]
    public async Task An_unprovisioned_device_publishes_too_and_rejects_data_paths_until_online()
    {
        using var lan = LanSegment.Create("device", "phone");
        await using var device = await NanDevice.StartAsync(lan["device"], provisioned: false);
        using var phone = NanPhone.Start(lan["phone"]);
        var found = phone.Discover();

        Assert.Equal(device.Id, JsonDocument.Parse(found.ServiceInfo!).RootElement.GetProperty("id").GetString());
        Assert.Equal(DeviceNan.ReasonNoLocalApi, phone.RequestDataPath(found, NanEvents.DataPathRejected)?.Reason);
    }

    [NamespaceFact]
    public async Task Delay_match_fault_holds_the_devices_answer_back_at_least_that_long()
    {
        using var lan = LanSegment.Create("device", "phone");
        await using var device = await NanDevice.StartAsync(lan["device"], "nan.delay-match:ms=800");
        using var phone = NanPhone.Start(lan["phone"]);
        var found = phone.Discover();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var confirmed = phone.RequestDataPath(found, NanEvents.DataPathConfirmed);
        clock.Stop();

        Assert.NotNull(confirmed);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(800), $"answered after {clock.Elapsed.TotalMilliseconds} ms");
    }

    [NamespaceFact]
    public async Task A_data_path_request_gets_through_a_lossy_medium_by_being_sent_again()
    {
        using var lan = LanSegment.Create("device", "phone");
        await using var device = await NanDevice.StartAsync(lan["device"], "nan.drop:probability=0.3");
        using var phone = NanPhone.Start(lan["phone"]);
        phone.Requester.RetryMilliseconds = 200;
        phone.Requester.Sends = 20;

        var confirmed = phone.RequestDataPath(phone.Discover(TimeSpan.FromSeconds(20)), NanEvents.DataPathConfirmed);

        // Each send and its answer cross the loss once: 20 sends all failing has odds of about one in a million.
        Assert.NotNull(confirmed);
        Assert.Equal(lan["device"].IPv6LinkLocal.GetAddressBytes(), NanDataPathCodec.Decode(confirmed.ServiceInfo)!.Address);
    }
}
