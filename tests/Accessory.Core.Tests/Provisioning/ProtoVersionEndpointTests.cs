using System.Text.Json;
using Accessory.Core.Provisioning;
using Accessory.Core.Provisioning.Endpoints;

namespace Accessory.Core.Tests.Provisioning;

public class ProtoVersionEndpointTests
{
    private static JsonElement Prov(ProtoVersionEndpoint endpoint)
    {
        var body = endpoint.Handle(1, "ESP"u8.ToArray());
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("prov").Clone();
    }

    private static string[] Caps(JsonElement prov) => prov.GetProperty("cap").EnumerateArray().Select(c => c.GetString()!).ToArray();

    [Fact]
    public void Security_2_with_scan_reports_version_patch_and_wifi_scan()
    {
        var prov = Prov(new ProtoVersionEndpoint(2, 1, popUsed: true, scanAvailable: true));
        Assert.Equal("v1.1", prov.GetProperty("ver").GetString());
        Assert.Equal(2, prov.GetProperty("sec_ver").GetInt32());
        Assert.Equal(1, prov.GetProperty("sec_patch_ver").GetInt32());
        Assert.Equal(new[] { "wifi_scan" }, Caps(prov));
    }

    [Fact]
    public void The_documented_example_is_produced_byte_for_byte()
    {
        var endpoint = new ProtoVersionEndpoint(2, 1, popUsed: true, scanAvailable: true);
        Assert.Equal("{\"prov\":{\"ver\":\"v1.1\",\"sec_ver\":2,\"sec_patch_ver\":1,\"cap\":[\"wifi_scan\"]}}", System.Text.Encoding.UTF8.GetString(endpoint.Handle(1, new byte[] { 1 })));
    }

    [Fact]
    public void Security_0_reports_no_sec()
    {
        Assert.Equal(new[] { "no_sec", "wifi_scan" }, Caps(Prov(new ProtoVersionEndpoint(0, 0, popUsed: false, scanAvailable: true))));
    }

    [Fact]
    public void Security_1_without_pop_reports_no_pop_and_with_pop_does_not()
    {
        Assert.Equal(new[] { "no_pop" }, Caps(Prov(new ProtoVersionEndpoint(1, 0, popUsed: false, scanAvailable: false))));
        Assert.Empty(Caps(Prov(new ProtoVersionEndpoint(1, 0, popUsed: true, scanAvailable: false))));
    }

    [Fact]
    public void Proto_ver_needs_no_session_through_the_router()
    {
        using var h = new ProvisioningHarness();
        h.Service.Start();
        var response = h.Send("proto-ver", "ESP"u8.ToArray());
        Assert.Equal(ProtocommOutcome.Ok, response.Outcome);
        Assert.Equal(h.Service.VersionEndpoint.Document, System.Text.Encoding.UTF8.GetString(response.Body));
        Assert.Contains("\"sec_ver\":2", h.Service.VersionEndpoint.Document, StringComparison.Ordinal);
    }
}
