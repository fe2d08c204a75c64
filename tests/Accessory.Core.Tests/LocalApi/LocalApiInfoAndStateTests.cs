using System.Text;
using Accessory.Core.Device;
using Accessory.Core.LocalApi;

namespace Accessory.Core.Tests.LocalApi;

public class LocalApiInfoAndStateTests
{
    [Fact]
    public void Info_describes_the_device_and_follows_the_lifecycle()
    {
        var h = new LocalApiHarness();
        var r = h.Send("GET", LocalApiPaths.Info);
        Assert.Equal(200, r.Status);
        Assert.Null(r.Allow);
        Assert.Equal(
            "{\"id\":\"A1B2C3D4E5F6\",\"name\":\"Desk lamp\",\"model\":\"lamp-1\",\"fw\":\"1.4.2\",\"proto\":\"1\",\"state\":\"connecting\"}",
            Encoding.UTF8.GetString(r.Body));

        h.Lifecycle.Fire(DeviceTrigger.Connected);
        Assert.Equal("online", LocalApiHarness.Json(h.Send("GET", LocalApiPaths.Info)).GetProperty("state").GetString());
    }

    [Fact]
    public void Get_state_is_the_mqtt_state_document()
    {
        var h = new LocalApiHarness();
        h.Lamp.SetBrightness(42);
        var r = h.Send("GET", LocalApiPaths.State);
        Assert.Equal(200, r.Status);
        Assert.Equal(h.Lamp.ToJson(), r.Body);
        Assert.Equal("{\"on\":false,\"brightness\":42}", Encoding.UTF8.GetString(r.Body));
    }

    [Theory]
    [InlineData("{\"on\":true}", true, 100)]
    [InlineData("{\"brightness\":0}", false, 0)]
    [InlineData("{\"brightness\":100}", false, 100)]
    [InlineData("{\"brightness\":37,\"on\":true}", true, 37)]
    [InlineData(" { \"on\" : false , \"brightness\" : 5 } ", false, 5)]
    public void Put_state_applies_a_partial_update_and_returns_the_new_state(string body, bool on, int brightness)
    {
        var h = new LocalApiHarness();
        var r = h.Send("PUT", LocalApiPaths.State, body);
        Assert.Equal(200, r.Status);
        Assert.Equal(on, h.Lamp.On);
        Assert.Equal(brightness, h.Lamp.Brightness);
        Assert.Equal(h.Lamp.ToJson(), r.Body);
    }

    [Fact]
    public void Put_state_with_both_fields_raises_one_change()
    {
        var h = new LocalApiHarness();
        Assert.Equal(200, h.Send("PUT", LocalApiPaths.State, "{\"on\":true,\"brightness\":20}").Status);
        Assert.Equal(1, h.LampChanges);
        Assert.Equal(200, h.Send("PUT", LocalApiPaths.State, "{\"on\":true,\"brightness\":20}").Status);
        Assert.Equal(1, h.LampChanges);
    }

    [Theory]
    [InlineData("", "empty body")]
    [InlineData("{}", "nothing to change")]
    [InlineData("not json", "bad json")]
    [InlineData("[true]", "bad json")]
    [InlineData("{\"on\":true", "bad json")]
    [InlineData("{\"on\":true,\"on\":false}", "bad json: char 15: duplicate field \"on\"")]
    [InlineData("{\"on\":1}", "\"on\" must be true or false, not number")]
    [InlineData("{\"on\":\"true\"}", "\"on\" must be true or false, not string")]
    [InlineData("{\"on\":null}", "\"on\" must be true or false, not null")]
    [InlineData("{\"brightness\":true}", "\"brightness\" must be an integer 0..100, not boolean")]
    [InlineData("{\"brightness\":\"50\"}", "\"brightness\" must be an integer 0..100, not string")]
    [InlineData("{\"brightness\":50.5}", "bad json")]
    [InlineData("{\"brightness\":101}", "\"brightness\" 101 is outside 0..100")]
    [InlineData("{\"brightness\":-1}", "\"brightness\" -1 is outside 0..100")]
    [InlineData("{\"brightness\":99999999999999999999}", "bad json")]
    [InlineData("{\"on\":true,\"brightnes\":5}", "unknown field \"brightnes\"")]
    [InlineData("{\"on\":true,\"request\":\"r1\"}", "unknown field \"request\"")]
    [InlineData("{\"on\":true,\"brightness\":500}", "\"brightness\" 500 is outside 0..100")]
    public void Put_state_refuses_bad_bodies_with_a_reason_and_changes_nothing(string body, string reason)
    {
        var h = new LocalApiHarness();
        h.Lamp.SetBrightness(30);
        var before = h.Effects;
        var r = h.Send("PUT", LocalApiPaths.State, body);
        Assert.Equal(400, r.Status);
        Assert.StartsWith(reason, LocalApiHarness.Error(r), StringComparison.Ordinal);
        Assert.Equal(before, h.Effects);
    }

    [Fact]
    public void Put_state_refuses_invalid_utf8()
    {
        var h = new LocalApiHarness();
        var r = h.Router.Handle("PUT", LocalApiPaths.State, new byte[] { (byte)'{', 0xFF, (byte)'}' });
        Assert.Equal(400, r.Status);
        Assert.Equal("bad json: payload is not valid UTF-8", LocalApiHarness.Error(r));
        Assert.False(h.Lamp.On);
    }
}
