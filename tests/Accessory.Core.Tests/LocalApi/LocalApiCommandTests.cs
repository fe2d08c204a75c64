using Accessory.Core.LocalApi;

namespace Accessory.Core.Tests.LocalApi;

public class LocalApiCommandTests
{
    private const string Commands = LocalApiPaths.CommandsPrefix;

    [Fact]
    public void Power_and_brightness_answer_with_the_mqtt_result_json()
    {
        var h = new LocalApiHarness();
        var r = h.Send("POST", Commands + "power", "{\"on\":true,\"request\":\"r-1\"}");
        Assert.Equal(200, r.Status);
        Assert.Equal("{\"ok\":true,\"on\":true,\"brightness\":100,\"request\":\"r-1\"}", System.Text.Encoding.UTF8.GetString(r.Body));
        Assert.True(h.Lamp.On);

        r = h.Send("POST", Commands + "brightness", "{\"value\":12}");
        Assert.Equal(200, r.Status);
        Assert.Equal(12, LocalApiHarness.Json(r).GetProperty("brightness").GetInt32());
        Assert.Equal(12, h.Lamp.Brightness);
    }

    [Fact]
    public void Identify_reboot_and_factory_reset_raise_their_actions()
    {
        var h = new LocalApiHarness();
        var r = h.Send("POST", Commands + "identify", "{\"seconds\":5}");
        Assert.Equal(200, r.Status);
        Assert.Equal(5, LocalApiHarness.Json(r).GetProperty("seconds").GetInt32());
        Assert.Equal(new[] { 5 }, h.Identifies);

        Assert.Equal(200, h.Send("POST", Commands + "reboot", "{}").Status);
        Assert.Equal(1, h.Reboots);

        r = h.Send("POST", Commands + "factory-reset", "{\"confirm\":\"" + LocalApiHarness.DeviceId + "\"}");
        Assert.Equal(200, r.Status);
        Assert.Equal(1, h.FactoryResets);
    }

    [Fact]
    public void An_empty_body_means_the_empty_object()
    {
        var h = new LocalApiHarness();
        Assert.Equal(200, h.Send("POST", Commands + "reboot").Status);
        Assert.Equal(1, h.Reboots);

        var r = h.Send("POST", Commands + "power");
        Assert.Equal(400, r.Status);
        Assert.Equal("\"on\" must be true or false", LocalApiHarness.Json(r).GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("power", "{\"on\":\"yes\"}", "\"on\" must be true or false")]
    [InlineData("brightness", "{\"value\":101}", "\"value\" 101 is outside 0..100")]
    [InlineData("identify", "{\"seconds\":0}", "\"seconds\" 0 is outside 1..300")]
    [InlineData("reboot", "{\"now\":true}", "unknown field \"now\"")]
    [InlineData("factory-reset", "{\"confirm\":\"WRONG\"}", "\"confirm\" does not match the device id")]
    [InlineData("power", "{oops", "bad json")]
    public void Refused_commands_are_400_with_the_mqtt_error_result_and_change_nothing(string name, string body, string error)
    {
        var h = new LocalApiHarness();
        var before = h.Effects;
        var r = h.Send("POST", Commands + name, body);
        Assert.Equal(400, r.Status);
        var json = LocalApiHarness.Json(r);
        Assert.False(json.GetProperty("ok").GetBoolean());
        Assert.StartsWith(error, json.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, h.Effects);
    }

    [Fact]
    public void An_unknown_command_is_404_with_an_error_result()
    {
        var h = new LocalApiHarness();
        var r = h.Send("POST", Commands + "self-destruct", "{}");
        Assert.Equal(404, r.Status);
        var json = LocalApiHarness.Json(r);
        Assert.False(json.GetProperty("ok").GetBoolean());
        Assert.Equal("unknown command \"self-destruct\"", json.GetProperty("error").GetString());
    }

    [Fact]
    public void Commands_take_only_post()
    {
        var h = new LocalApiHarness();
        var r = h.Send("GET", Commands + "power");
        Assert.Equal(405, r.Status);
        Assert.Equal("POST", r.Allow);
        Assert.Contains("not allowed", LocalApiHarness.Error(r), StringComparison.Ordinal);
    }
}
