using System.Net;
using System.Net.Http.Json;
using System.Text;
using Accessory.Simulator.Tests.Faults;

namespace Accessory.Simulator.Tests.LocalApi;

/// <summary>The local API as a phone uses it after setup: curl and HttpClient over HTTPS (trusting the device's own certificate) and plain HTTP.</summary>
public sealed class LocalApiEndpointTests
{
    [Fact]
    public async Task Curl_reads_info_over_https_trusting_only_the_device_certificate()
    {
        await using var d = await LocalApiDevice.StartAsync();

        var (status, body) = Curl.Run("--cacert", d.ClientCaFile, d.HttpsBase + "/api/v1/info");

        Assert.Equal(200, status);
        Assert.Contains("\"id\":\"" + d.Id + "\"", body, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"online\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_state_changes_the_lamp_and_a_bad_body_changes_nothing()
    {
        await using var d = await LocalApiDevice.StartAsync();
        using var client = d.CreateHttpsClient();

        using var ok = await client.PutAsync("/api/v1/state", Json("{\"on\":true,\"brightness\":40}"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.True(d.Device.Lamp.On);
        Assert.Equal(40, d.Device.Lamp.Brightness);

        using var bad = await client.PutAsync("/api/v1/state", Json("{\"brightness\":400}"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("brightness", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(40, d.Device.Lamp.Brightness);

        var state = await client.GetFromJsonAsync<Dictionary<string, object>>("/api/v1/state");
        Assert.Equal("True", state!["on"].ToString(), ignoreCase: true);
    }

    [Fact]
    public async Task Commands_are_the_mqtt_commands_with_the_same_results()
    {
        await using var d = await LocalApiDevice.StartAsync();
        using var client = d.CreateHttpsClient();

        using var power = await client.PostAsync("/api/v1/commands/power", Json("{\"on\":true,\"request\":\"r7\"}"));
        string powerBody = await power.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, power.StatusCode);
        Assert.Contains("\"ok\":true", powerBody, StringComparison.Ordinal);
        Assert.Contains("\"request\":\"r7\"", powerBody, StringComparison.Ordinal);
        Assert.True(d.Device.Lamp.On);

        using var unknown = await client.PostAsync("/api/v1/commands/self-destruct", Json("{}"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        using var reset = await client.PostAsync("/api/v1/commands/factory-reset", Json("{\"confirm\":\"not-the-id\"}"));
        Assert.Equal(HttpStatusCode.BadRequest, reset.StatusCode);
        Assert.Equal(Accessory.Core.Device.DeviceState.Online, d.Device.Lifecycle.State);
    }

    [Fact]
    public async Task Wrong_method_unknown_path_and_oversized_body_get_specific_errors_and_the_server_stays_up()
    {
        await using var d = await LocalApiDevice.StartAsync();
        using var client = d.CreateHttpsClient();

        using var wrongMethod = await client.DeleteAsync("/api/v1/state");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Contains("GET", string.Join(",", wrongMethod.Content.Headers.Allow), StringComparison.Ordinal);

        using var missing = await client.GetAsync("/api/v2/info");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        using var huge = await client.PutAsync("/api/v1/state", Json("{\"on\":true,\"pad\":\"" + new string('x', 20_000) + "\"}"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.False(d.Device.Lamp.On);

        using var fine = await d.CreateHttpsClient().GetAsync("/api/v1/info");
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }

    [Fact]
    public async Task Plain_http_serves_the_same_api()
    {
        await using var d = await LocalApiDevice.StartAsync();

        var (status, body) = Curl.Run("-X", "PUT", "-H", d.AuthorizationHeader, "--data", "{\"on\":true}", d.HttpBase + "/api/v1/state");

        Assert.Equal(200, status);
        Assert.Contains("\"on\":true", body, StringComparison.Ordinal);
        Assert.True(d.Device.Lamp.On);
    }

    [Fact]
    public async Task Garbage_instead_of_http_gets_400_and_the_next_client_is_served()
    {
        await using var d = await LocalApiDevice.StartAsync();
        using (var raw = new System.Net.Sockets.TcpClient())
        {
            await raw.ConnectAsync(IPAddress.Loopback, d.HttpPort);
            var stream = raw.GetStream();
            await stream.WriteAsync("\u0001\u0002 not http at all\r\n\r\n"u8.ToArray());
            var reply = new byte[256];
            int read = await stream.ReadAsync(reply).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.StartsWith("HTTP/1.1 400", Encoding.ASCII.GetString(reply, 0, read), StringComparison.Ordinal);
        }

        var (status, _) = Curl.Run(d.HttpBase + "/api/v1/info");
        Assert.Equal(200, status);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
