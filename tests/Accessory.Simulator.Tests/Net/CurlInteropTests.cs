using Accessory.Simulator.Http;
using Accessory.Simulator.Net;
using Accessory.Simulator.Tests.Fakes;
using Accessory.Simulator.Tests.Http;

namespace Accessory.Simulator.Tests.Net;

public sealed class CurlInteropTests
{
    [CurlNamespaceFact]
    public async Task Curl_in_the_phone_namespace_keeps_its_session_on_one_reused_socket()
    {
        using var network = SoftApNetwork.Create();
        var scheme = new FakeSecurityScheme();
        await using var server = new ProvisioningHttpServer(
            ServerHarness.CreateRouter(scheme),
            new SequenceRandom(),
            null,
            new ProvisioningHttpOptions { BindAddress = SoftApNetwork.DeviceAddress, Port = 80, CreateListener = endPoint => network.Device.ListenIn(endPoint) });
        await server.StartAsync();

        // Two transfers in one curl run share a keep-alive connection and send no cookie.
        var result = await Task.Run(() => network.Phone.Run(
            CurlNamespaceFactAttribute.CurlPath,
            [
                "-s", "-i", "--max-time", "10",
                "-H", "Content-Type: application/x-www-form-urlencoded", "--data-binary", "hello", "http://192.168.4.1/prov-session",
                "--next",
                "-s", "-i", "--max-time", "10",
                "-H", "Content-Type: application/x-www-form-urlencoded", "--data-binary", "get-status", "http://192.168.4.1/prov-config",
            ],
            TimeSpan.FromSeconds(30)));

        Assert.True(result.ExitCode == 0, "curl failed: " + result.StandardError);
        Assert.Contains("Set-Cookie: session=67305985", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("67305985:get-status", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(["open 67305985"], scheme.Events);
    }
}
