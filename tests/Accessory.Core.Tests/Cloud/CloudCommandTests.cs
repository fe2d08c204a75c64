namespace Accessory.Core.Tests.Cloud;

public class CloudCommandTests
{
    [Fact]
    public void Power_switches_the_lamp_and_reports_state_with_the_request_echoed()
    {
        var h = CloudLinkHarness.Connected();
        var result = h.Command("power", "{\"on\":true,\"request\":\"r-7\"}");
        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.True(result.GetProperty("on").GetBoolean());
        Assert.Equal("r-7", result.GetProperty("request").GetString());
        Assert.True(h.Lamp.On);
        Assert.Equal("{\"on\":true,\"brightness\":100}", h.On(h.Link.Topics.State)[^1].Text);

        result = h.Command("power", "{\"on\":false}");
        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.False(result.TryGetProperty("request", out _));
        Assert.False(h.Lamp.On);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(55)]
    [InlineData(100)]
    public void Brightness_sets_any_value_in_range(int value)
    {
        var h = CloudLinkHarness.Connected();
        var result = h.Command("brightness", "{\"value\":" + value + "}");
        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal(value, result.GetProperty("brightness").GetInt32());
        Assert.Equal(value, h.Lamp.Brightness);
    }

    [Fact]
    public void Identify_raises_the_event_after_the_result()
    {
        var h = CloudLinkHarness.Connected();
        var result = h.Command("identify", "{\"seconds\":5}");
        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal(5, result.GetProperty("seconds").GetInt32());
        Assert.Equal(new[] { 5 }, h.Identifies);
    }

    [Fact]
    public void Reboot_raises_the_event()
    {
        var h = CloudLinkHarness.Connected();
        var result = h.Command("reboot", "{}");
        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal(1, h.Reboots);
    }

    [Fact]
    public void Factory_reset_needs_the_device_id_as_confirmation()
    {
        var h = CloudLinkHarness.Connected();
        var refused = h.Command("factory-reset", "{\"confirm\":\"000000000000\"}");
        Assert.False(refused.GetProperty("ok").GetBoolean());
        Assert.Equal("\"confirm\" does not match the device id", refused.GetProperty("error").GetString());
        Assert.Equal(0, h.FactoryResets);

        var missing = h.Command("factory-reset", "{}");
        Assert.Equal("\"confirm\" must carry the device id", missing.GetProperty("error").GetString());
        Assert.Equal(0, h.FactoryResets);

        var ok = h.Command("factory-reset", "{\"confirm\":\"" + CloudLinkHarness.DeviceId + "\",\"request\":\"x\"}");
        Assert.True(ok.GetProperty("ok").GetBoolean());
        Assert.Equal("x", ok.GetProperty("request").GetString());
        Assert.Equal(1, h.FactoryResets);
    }

    [Theory]
    [InlineData("power", "not json", "bad json: ")]
    [InlineData("power", "{\"on\":1}", "\"on\" must be true or false")]
    [InlineData("power", "{\"on\":\"true\"}", "\"on\" must be true or false")]
    [InlineData("power", "{}", "\"on\" must be true or false")]
    [InlineData("power", "{\"on\":true,\"extra\":1}", "unknown field \"extra\"")]
    [InlineData("power", "{\"on\":true,\"request\":5}", "request must be a string")]
    [InlineData("power", "{\"on\":[true]}", "bad json: ")]
    [InlineData("brightness", "{\"value\":101}", "\"value\" 101 is outside 0..100")]
    [InlineData("brightness", "{\"value\":-1}", "\"value\" -1 is outside 0..100")]
    [InlineData("brightness", "{\"value\":50.5}", "bad json: ")]
    [InlineData("brightness", "{\"value\":\"50\"}", "\"value\" must be an integer 0..100")]
    [InlineData("brightness", "{\"value\":null}", "\"value\" must be an integer 0..100")]
    [InlineData("brightness", "{\"brightnes\":5}", "unknown field \"brightnes\"")]
    [InlineData("identify", "{\"seconds\":0}", "\"seconds\" 0 is outside 1..300")]
    [InlineData("identify", "{\"seconds\":301}", "\"seconds\" 301 is outside 1..300")]
    [InlineData("identify", "{\"seconds\":true}", "\"seconds\" must be an integer 1..300")]
    [InlineData("reboot", "{\"now\":true}", "unknown field \"now\"")]
    [InlineData("reboot", "", "bad json: ")]
    [InlineData("factory-reset", "{\"confirm\":1}", "\"confirm\" must carry the device id")]
    [InlineData("self-destruct", "{}", "unknown command \"self-destruct\"")]
    public void Malformed_commands_get_a_specific_error_and_change_nothing(string name, string json, string error)
    {
        var h = CloudLinkHarness.Connected();
        h.Lamp.SetBrightness(30);
        int publishesBefore = h.On(h.Link.Topics.State).Length;

        var result = h.Command(name, json);

        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.StartsWith(error, result.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(h.Lamp.On);
        Assert.Equal(30, h.Lamp.Brightness);
        Assert.Equal(publishesBefore, h.On(h.Link.Topics.State).Length);
        Assert.Empty(h.Identifies);
        Assert.Equal(0, h.Reboots);
        Assert.Equal(0, h.FactoryResets);
    }

    [Fact]
    public void An_error_result_still_echoes_the_request()
    {
        var h = CloudLinkHarness.Connected();
        var result = h.Command("brightness", "{\"value\":500,\"request\":\"abc\"}");
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal("abc", result.GetProperty("request").GetString());
    }

    [Fact]
    public void Results_are_qos1_through_the_queue_and_survive_until_acknowledged()
    {
        var h = CloudLinkHarness.Connected();
        h.Command("power", "{\"on\":true}");
        Assert.Equal(1, h.Link.Queued);
        h.Mqtt.Drop();
        h.Mqtt.ClearPublishes();
        h.Clock.Advance(1000);
        h.Mqtt.Accept();
        var result = Assert.Single(h.On(h.Link.Topics.CommandResult("power")));
        h.Mqtt.Ack(result);
        Assert.Equal(0, h.Link.Queued);
    }

    [Fact]
    public void Messages_on_other_topics_are_ignored()
    {
        var h = CloudLinkHarness.Connected();
        h.Mqtt.Deliver("accessory/OTHER/cmd/power", "{\"on\":true}");
        h.Mqtt.Deliver(h.Link.Topics.CommandResult("power"), "{\"on\":true}");
        Assert.False(h.Lamp.On);
        Assert.Empty(h.Mqtt.Publishes);
    }

    [Fact]
    public void Command_logs_never_echo_the_payload()
    {
        var h = CloudLinkHarness.Connected();
        h.Command("factory-reset", "{\"confirm\":\"secret-ish-value\"}");
        Assert.DoesNotContain(h.Log.Lines, l => l.Contains("secret-ish-value", StringComparison.Ordinal));
        Assert.Contains(h.Log.Lines, l => l.Contains("command factory-reset failed", StringComparison.Ordinal));
    }
}
