using System.Text;
using Accessory.Core.LocalApi;

namespace Accessory.Core.Tests.LocalApi;

public class LocalApiRoutingTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/api/v1")]
    [InlineData("/api/v2/info")]
    [InlineData("/API/V1/INFO")]
    [InlineData("/api/v1/info/")]
    [InlineData("/api/v1/state/")]
    [InlineData("/api/v1/commands")]
    [InlineData("/api/v1/commands/")]
    [InlineData("/api/v1/commands/power/")]
    [InlineData("/api/v1/commands/power/extra")]
    [InlineData("/api/v1/info%2F")]
    public void Unknown_paths_are_404_with_an_error(string path)
    {
        var h = new LocalApiHarness();
        var r = h.Send("GET", path);
        Assert.Equal(404, r.Status);
        Assert.Null(r.Allow);
        Assert.NotEmpty(LocalApiHarness.Error(r));
    }

    [Theory]
    [InlineData("POST", LocalApiPaths.Info, "GET")]
    [InlineData("PUT", LocalApiPaths.Info, "GET")]
    [InlineData("DELETE", LocalApiPaths.State, "GET, PUT")]
    [InlineData("POST", LocalApiPaths.State, "GET, PUT")]
    [InlineData("get", LocalApiPaths.State, "GET, PUT")]
    [InlineData("HEAD", LocalApiPaths.Info, "GET")]
    [InlineData("PUT", LocalApiPaths.Events, "GET")]
    [InlineData("PUT", LocalApiPaths.CommandsPrefix + "reboot", "POST")]
    public void A_known_path_with_the_wrong_method_is_405_with_allow(string method, string path, string allow)
    {
        var h = new LocalApiHarness();
        var before = h.Effects;
        var r = h.Send(method, path, "{\"on\":true}");
        Assert.Equal(405, r.Status);
        Assert.Equal(allow, r.Allow);
        Assert.Contains(allow, LocalApiHarness.Error(r), StringComparison.Ordinal);
        Assert.Equal(before, h.Effects);
    }

    [Fact]
    public void Query_strings_are_ignored_for_routing()
    {
        var h = new LocalApiHarness();
        Assert.Equal(200, h.Send("GET", LocalApiPaths.Info + "?verbose=1").Status);
        Assert.Equal(200, h.Send("PUT", LocalApiPaths.State + "?x=/y", "{\"on\":true}").Status);
        Assert.Equal(200, h.Send("POST", LocalApiPaths.CommandsPrefix + "reboot?", "{}").Status);
        Assert.True(h.Lamp.On);
        Assert.Equal(1, h.Reboots);
    }

    [Fact]
    public void Bodies_over_the_limit_are_413_and_change_nothing()
    {
        var h = new LocalApiHarness();
        var body = new byte[LocalApiPaths.MaxBodyBytes + 1];
        var r = h.Router.Handle("PUT", LocalApiPaths.State, body);
        Assert.Equal(413, r.Status);
        Assert.Equal("body of 4097 bytes exceeds 4096", LocalApiHarness.Error(r));
        Assert.Equal(413, h.Router.Handle("POST", LocalApiPaths.CommandsPrefix + "reboot", body).Status);
        Assert.Equal(0, h.Reboots);

        // Exactly at the limit is still accepted.
        var padded = Encoding.UTF8.GetBytes("{\"on\":true}".PadRight(LocalApiPaths.MaxBodyBytes));
        Assert.Equal(200, h.Router.Handle("PUT", LocalApiPaths.State, padded).Status);
    }

    [Theory]
    [InlineData(null, "/api/v1/info", "no method")]
    [InlineData("", "/api/v1/info", "no method")]
    [InlineData("GET", null, "the path must start with /")]
    [InlineData("GET", "", "the path must start with /")]
    [InlineData("GET", "api/v1/info", "the path must start with /")]
    [InlineData("GET", "http://host/api/v1/info", "the path must start with /")]
    public void A_missing_method_or_path_is_400(string? method, string? path, string error)
    {
        var h = new LocalApiHarness();
        var r = h.Router.Handle(method!, path!, null!);
        Assert.Equal(400, r.Status);
        Assert.Equal(error, LocalApiHarness.Error(r));
    }

    [Fact]
    public void A_plain_get_of_the_events_path_asks_for_a_websocket_upgrade()
    {
        var h = new LocalApiHarness();
        var r = h.Send("GET", LocalApiPaths.Events);
        Assert.Equal(426, r.Status);
        Assert.Contains("WebSocket", LocalApiHarness.Error(r), StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_unknown_path_is_echoed_truncated()
    {
        var h = new LocalApiHarness();
        var r = h.Send("GET", "/" + new string('a', 3000));
        Assert.Equal(404, r.Status);
        Assert.True(r.Body.Length < 200, "body of " + r.Body.Length + " bytes");
    }

    [Fact]
    public void The_state_event_wraps_the_state_document()
    {
        var h = new LocalApiHarness();
        h.Lamp.SetPower(true);
        h.Lamp.SetBrightness(7);
        var message = LocalApiEvents.StateMessage(h.Lamp);
        Assert.Equal("{\"type\":\"state\",\"state\":{\"on\":true,\"brightness\":7}}", Encoding.UTF8.GetString(message));
        Assert.Equal("/api/v1/events", LocalApiPaths.Events);
    }
}
