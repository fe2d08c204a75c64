using Accessory.Simulator.LocalApi;
using Accessory.Simulator.Mdns.Reference;
using Accessory.Simulator.Tests.Net;

namespace Accessory.Simulator.Tests.Security;

/// <summary>
/// The local API as a LAN attacker meets it: curl from another namespace on the segment, against the device's LAN
/// address, over plain HTTP and HTTPS. Only /api/v1/info answers without the access token.
/// </summary>
public class LocalApiAccessTests
{
    private const string Upgrade = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==";

    [NamespaceFact]
    public async Task Without_the_token_nothing_but_info_answers_and_the_lamp_is_unchanged()
    {
        await using var d = await LanApiDevice.StartAsync();
        string id = d.Device.Identity.DeviceId;

        foreach (var api in new[] { d.HttpBase, d.HttpsBase })
        {
            Assert.Equal(200, d.Curl(api + "/api/v1/info").Status);
            var put = d.Curl("-X", "PUT", "-H", "Content-Type: application/json", "--data", "{\"on\":true}", api + "/api/v1/state");
            Assert.Equal(401, put.Status);
            Assert.Contains("WWW-Authenticate: Bearer realm=\"accessory\"", put.Response, StringComparison.Ordinal);
            Assert.Equal(401, d.Curl(api + "/api/v1/state").Status);
            Assert.Equal(401, d.Curl("-X", "POST", "--data", "{\"confirm\":\"" + id + "\"}", api + "/api/v1/commands/factory-reset").Status);
            var ws = d.Curl("-H", "Connection: Upgrade", "-H", "Upgrade: websocket", "-H", "Sec-WebSocket-Version: 13", "-H", Upgrade, api + "/api/v1/events");
            Assert.Equal(401, ws.Status);
        }

        Assert.False(d.Device.Lamp.On);
        Assert.True(d.Device.Settings.Contains(Accessory.Core.Settings.SettingKeys.WifiSsid), "the device was factory-reset");
    }

    [NamespaceFact]
    public async Task With_the_token_a_paired_phone_on_the_lan_controls_the_lamp()
    {
        await using var d = await LanApiDevice.StartAsync();
        string bearer = "Authorization: Bearer " + d.Device.ApiToken.Value;

        var put = d.Curl("-X", "PUT", "-H", bearer, "--data", "{\"on\":true}", d.HttpsBase + "/api/v1/state");

        Assert.Equal(200, put.Status);
        Assert.True(d.Device.Lamp.On);
        // The upgraded stream stays open, so curl would only end by its --max-time: wait for its status line instead
        // (a short --max-time can run out before the answer on a loaded machine), then stop it.
        using var ws = new NamespaceProcess(d.Attacker.Namespace, "curl", ["-sS", "-i", "-N", "--max-time", "60", "-H", bearer, "-H", "Connection: Upgrade", "-H", "Upgrade: websocket", "-H", "Sec-WebSocket-Version: 13", "-H", Upgrade, d.HttpBase + "/api/v1/events"]);
        var status = ws.WaitForLine(line => line.StartsWith("HTTP/", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.True(status?.StartsWith("HTTP/1.1 101 ", StringComparison.Ordinal) == true, ws.AllOutput);
    }

    [NamespaceFact]
    public async Task Wrong_tokens_are_rate_limited_per_address_and_a_factory_reset_rotates_the_token()
    {
        await using var d = await LanApiDevice.StartAsync();
        string before = d.Device.ApiToken.Value;
        for (int i = 0; i < ApiAccessGuard.MaxFailures; i++)
        {
            Assert.Equal(401, d.Curl("-H", "Authorization: Bearer " + new string('0', 32), d.HttpBase + "/api/v1/state").Status);
        }

        var locked = d.Curl("-H", "Authorization: Bearer " + before, d.HttpBase + "/api/v1/state");
        Assert.Equal(429, locked.Status);
        Assert.Contains("Retry-After: ", locked.Response, StringComparison.Ordinal);

        d.Device.FactoryReset();

        Assert.NotEqual(before, d.Device.ApiToken.Value);
        Assert.Matches("^[0-9a-f]{32}$", d.Device.ApiToken.Value);
    }

    [NamespaceFact]
    public async Task A_foreign_host_or_origin_is_refused_even_with_the_token()
    {
        await using var d = await LanApiDevice.StartAsync();
        string bearer = "Authorization: Bearer " + d.Device.ApiToken.Value;

        // DNS rebinding: the browser sends the attacker's name as Host.
        Assert.Equal(403, d.Curl("-H", "Host: evil.example", d.HttpBase + "/api/v1/info").Status);

        // A cross-site "simple" POST from a web page: text/plain, foreign Origin.
        var simple = d.Curl("-X", "POST", "-H", "Content-Type: text/plain", "-H", "Origin: http://evil.example", "--data", "{\"on\":true}", d.HttpBase + "/api/v1/commands/power");
        Assert.Equal(403, simple.Status);
        Assert.Equal(403, d.Curl("-X", "PUT", "-H", bearer, "-H", "Origin: http://evil.example", "--data", "{\"on\":true}", d.HttpBase + "/api/v1/state").Status);
        Assert.DoesNotContain("Access-Control-Allow-Origin", simple.Response, StringComparison.OrdinalIgnoreCase);
        Assert.False(d.Device.Lamp.On);

        // The device's own origin (a page it served itself) is fine.
        Assert.Equal(200, d.Curl("-X", "PUT", "-H", bearer, "-H", "Origin: http://" + d.Address, "--data", "{\"on\":true}", d.HttpBase + "/api/v1/state").Status);
        Assert.True(d.Device.Lamp.On);
    }
}
