using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Accessory.Simulator.Http;
using Accessory.Simulator.Net;
using Accessory.Simulator.Tests.Fakes;
using Accessory.Simulator.Tests.Http;

namespace Accessory.Simulator.Tests.Net;

public sealed class SoftApNetworkTests
{
    [NamespaceFact]
    public async Task Phone_namespace_provisions_through_the_device_at_192_168_4_1_port_80()
    {
        string deviceName;
        string phoneName;
        using (var network = SoftApNetwork.Create())
        {
            deviceName = network.Device.Name;
            phoneName = network.Phone.Name;
            Assert.True(NetworkNamespace.Exists(deviceName));
            Assert.Matches($"^acc-{Environment.ProcessId}-[0-9]+-dev$", deviceName);

            var scheme = new FakeSecurityScheme();
            await using var server = new ProvisioningHttpServer(
                ServerHarness.CreateRouter(scheme),
                new SequenceRandom(),
                null,
                new ProvisioningHttpOptions { BindAddress = SoftApNetwork.DeviceAddress, Port = 80, CreateListener = endPoint => network.Device.ListenIn(endPoint) });
            await server.StartAsync();
            Assert.Equal(new IPEndPoint(SoftApNetwork.DeviceAddress, 80), server.LocalEndPoint);

            // A phone app's client: cookies on, connections made inside the phone namespace.
            using var handler = new SocketsHttpHandler { ConnectCallback = network.Phone.HttpConnectCallback, UseCookies = true };
            using var http = new HttpClient(handler) { BaseAddress = new Uri("http://192.168.4.1/"), Timeout = TimeSpan.FromSeconds(10) };
            using var hello = new ByteArrayContent("hello"u8.ToArray());
            using var handshake = await http.PostAsync(new Uri("prov-session", UriKind.Relative), hello);
            using var status = new ByteArrayContent("get-status"u8.ToArray());
            using var reply = await http.PostAsync(new Uri("prov-config", UriKind.Relative), status);

            Assert.Equal(HttpStatusCode.OK, handshake.StatusCode);
            Assert.Equal(["session=67305985"], handshake.Headers.GetValues("Set-Cookie"));
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
            Assert.Equal("67305985:get-status", await reply.Content.ReadAsStringAsync());

            // The raw socket from the phone namespace really comes from the phone's address.
            using var socket = await network.Phone.ConnectAsync(new IPEndPoint(SoftApNetwork.DeviceAddress, 80));
            Assert.Equal(SoftApNetwork.PhoneAddress, ((IPEndPoint)socket.LocalEndPoint!).Address);
            using var raw = RawHttpClient.Wrap(socket);
            Assert.Equal(200, (await raw.PostAsync("proto-ver", "ESP"))!.Status);

            // A program started in the phone namespace sees only the phone's interfaces.
            var addresses = network.Phone.Run(IpPath(), ["-4", "-o", "addr"], TimeSpan.FromSeconds(20));
            Assert.Equal(0, addresses.ExitCode);
            Assert.Contains("192.168.4.2/24", addresses.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("192.168.4.1/24", addresses.StandardOutput, StringComparison.Ordinal);
        }

        Assert.False(NetworkNamespace.Exists(deviceName));
        Assert.False(NetworkNamespace.Exists(phoneName));
    }

    [NamespaceFact]
    public void Namespaces_are_removed_when_the_code_using_them_fails()
    {
        string? deviceName = null;
        string? phoneName = null;

        Assert.Throws<InvalidOperationException>(() =>
        {
            using var network = SoftApNetwork.Create();
            deviceName = network.Device.Name;
            phoneName = network.Phone.Name;
            network.Device.RunIn<int>(() => throw new SocketException((int)SocketError.AddressNotAvailable));
        });

        Assert.NotNull(deviceName);
        Assert.False(NetworkNamespace.Exists(deviceName));
        Assert.False(NetworkNamespace.Exists(phoneName!));
    }

    [NamespaceFact]
    public void Device_address_is_not_reachable_from_the_host_namespace()
    {
        using var network = SoftApNetwork.Create();
        using var listener = network.Device.ListenIn(new IPEndPoint(SoftApNetwork.DeviceAddress, 80));

        // Binding the device address in the host namespace fails: the address exists only inside the namespace.
        using var hostSocket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var error = Assert.Throws<SocketException>(() => hostSocket.Bind(new IPEndPoint(SoftApNetwork.DeviceAddress, 0)));
        Assert.Equal(SocketError.AddressNotAvailable, error.SocketErrorCode);
    }

    private static string IpPath() => File.Exists("/usr/sbin/ip") ? "/usr/sbin/ip" : "/sbin/ip";
}
