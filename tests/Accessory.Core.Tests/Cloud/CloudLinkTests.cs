using Accessory.Core.Cloud;
using Accessory.Core.Device;

namespace Accessory.Core.Tests.Cloud;

public class CloudLinkTests
{
    [Fact]
    public void Topics_follow_the_accessory_tree()
    {
        var t = new CloudTopics("ID1");
        Assert.Equal("accessory/ID1/state", t.State);
        Assert.Equal("accessory/ID1/telemetry", t.Telemetry);
        Assert.Equal("accessory/ID1/availability", t.Availability);
        Assert.Equal("accessory/ID1/cmd/+", t.CommandFilter);
        Assert.Equal("accessory/ID1/cmd/power", t.Command("power"));
        Assert.Equal("accessory/ID1/cmd/power/result", t.CommandResult("power"));
        Assert.Equal("power", t.CommandName("accessory/ID1/cmd/power"));
        Assert.Null(t.CommandName("accessory/ID1/cmd/power/result"));
        Assert.Null(t.CommandName("accessory/ID2/cmd/power"));
        Assert.Null(t.CommandName("accessory/ID1/cmd/"));
    }

    [Fact]
    public void Does_not_connect_before_the_device_is_online_and_disconnects_when_it_leaves()
    {
        var h = new CloudLinkHarness();
        h.Link.Start();
        Assert.Empty(h.Mqtt.Connects);
        h.Clock.Advance(60_000);
        Assert.Empty(h.Mqtt.Connects);

        h.Lifecycle.Fire(DeviceTrigger.Connected);
        Assert.Single(h.Mqtt.Connects);
        h.Mqtt.Accept();
        Assert.True(h.Link.IsConnected);

        h.Lifecycle.Fire(DeviceTrigger.ConnectionLost);
        Assert.Equal(1, h.Mqtt.DisconnectCalls);
        Assert.False(h.Link.IsConnected);
        h.Clock.Advance(600_000);
        Assert.Single(h.Mqtt.Connects);
    }

    [Fact]
    public void Connect_options_carry_a_retained_offline_last_will()
    {
        var h = new CloudLinkHarness();
        h.Lifecycle.Fire(DeviceTrigger.Connected);
        h.Link.Start();
        var options = Assert.Single(h.Mqtt.Connects);
        Assert.Equal("accessory/" + CloudLinkHarness.DeviceId + "/availability", options.WillTopic);
        Assert.Equal("offline", System.Text.Encoding.UTF8.GetString(options.WillPayload));
        Assert.True(options.WillRetain);
        Assert.Contains(CloudLinkHarness.DeviceId, options.ClientId, StringComparison.Ordinal);
        Assert.Equal(30, options.KeepAliveSeconds);
    }

    [Fact]
    public void After_connect_it_subscribes_and_publishes_retained_online_and_state()
    {
        var h = new CloudLinkHarness();
        h.Lamp.SetBrightness(40);
        h.Link.Start();
        h.Lifecycle.Fire(DeviceTrigger.Connected);
        h.Mqtt.Accept();

        Assert.Equal(new[] { h.Link.Topics.CommandFilter + "@1" }, h.Mqtt.Subscriptions);
        var availability = Assert.Single(h.On(h.Link.Topics.Availability));
        Assert.Equal("online", availability.Text);
        Assert.True(availability.Retain);
        var state = Assert.Single(h.On(h.Link.Topics.State));
        Assert.True(state.Retain);
        Assert.Equal("{\"on\":false,\"brightness\":40}", state.Text);
        Assert.Equal(2, h.Link.Published);
    }

    [Fact]
    public void Every_state_change_publishes_retained_state()
    {
        var h = CloudLinkHarness.Connected();
        h.Lamp.SetPower(true);
        h.Lamp.SetPower(true);
        h.Lamp.SetBrightness(7);
        var states = h.On(h.Link.Topics.State);
        Assert.Equal(new[] { "{\"on\":true,\"brightness\":100}", "{\"on\":true,\"brightness\":7}" }, states.Select(p => p.Text));
        Assert.All(states, p => Assert.True(p.Retain));
    }

    [Fact]
    public void Telemetry_is_qos1_and_stays_queued_until_acknowledged()
    {
        var h = CloudLinkHarness.Connected();
        h.Clock.Advance(1234);
        h.Link.PublishTelemetry();
        var telemetry = Assert.Single(h.On(h.Link.Topics.Telemetry));
        Assert.Equal(1, telemetry.Qos);
        Assert.False(telemetry.Retain);
        Assert.Equal("{\"seq\":1,\"uptime_ms\":1234,\"on\":false,\"brightness\":100}", telemetry.Text);
        Assert.Equal(1, h.Link.Queued);

        h.Mqtt.Ack(telemetry, delivered: false);
        Assert.Equal(2, h.On(h.Link.Topics.Telemetry).Length);
        Assert.Equal(1, h.Link.Queued);

        h.Mqtt.Ack(h.On(h.Link.Topics.Telemetry)[1]);
        Assert.Equal(0, h.Link.Queued);
        Assert.Equal(1, h.Link.Acknowledged);
    }

    [Fact]
    public void Telemetry_timer_queues_samples_even_while_offline()
    {
        var h = new CloudLinkHarness(telemetryInterval: 10_000);
        h.Link.Start();
        h.Clock.Advance(30_000);
        Assert.Equal(3, h.Link.Queued);
        Assert.Empty(h.Mqtt.Publishes);
        h.Lifecycle.Fire(DeviceTrigger.Connected);
        h.Mqtt.Accept();
        Assert.Equal(3, h.On(h.Link.Topics.Telemetry).Length);
        h.Link.Stop();
        h.Clock.Advance(100_000);
        Assert.Equal(3, h.Link.Queued);
    }

    [Fact]
    public void Broker_loss_reconnects_with_backoff_and_resends_unacknowledged_messages_in_order()
    {
        var h = CloudLinkHarness.Connected();
        h.Link.PublishTelemetry();
        h.Clock.Advance(1);
        h.Link.PublishTelemetry();
        var first = h.On(h.Link.Topics.Telemetry);
        h.Mqtt.Ack(first[0]);

        h.Mqtt.Drop();
        long last = h.Clock.UptimeMilliseconds;
        Assert.False(h.Link.IsConnected);
        h.Clock.Advance(2);
        h.Link.PublishTelemetry();
        h.Mqtt.ClearPublishes();

        // Refused attempts back off: each wait lies in [ceiling/2, ceiling] with ceilings 1s, 2s, 4s, 8s, 8s.
        int[] ceilings = { 1000, 2000, 4000, 8000, 8000 };
        for (int i = 0; i < ceilings.Length; i++)
        {
            int connectsBefore = h.Mqtt.Connects.Count;
            h.Clock.Advance(last + (ceilings[i] / 2) - 1 - h.Clock.UptimeMilliseconds);
            Assert.Equal(connectsBefore, h.Mqtt.Connects.Count);
            for (int step = 0; step < ceilings[i] && h.Mqtt.Connects.Count == connectsBefore; step++)
            {
                h.Clock.Advance(1);
            }

            Assert.Equal(connectsBefore + 1, h.Mqtt.Connects.Count);
            long waited = h.Clock.UptimeMilliseconds - last;
            Assert.InRange(waited, ceilings[i] / 2, ceilings[i]);
            last = h.Clock.UptimeMilliseconds;
            if (i < ceilings.Length - 1)
            {
                h.Mqtt.Refuse();
            }
        }

        Assert.Equal(5, h.Link.Reconnects);
        h.Mqtt.Accept();
        var resent = h.On(h.Link.Topics.Telemetry).Select(p => p.Text).ToArray();
        Assert.Equal(2, resent.Length);
        Assert.Contains("\"seq\":2,\"uptime_ms\":1,", resent[0], StringComparison.Ordinal);
        Assert.Contains("\"seq\":3,\"uptime_ms\":3,", resent[1], StringComparison.Ordinal);
        Assert.Equal("online", Assert.Single(h.On(h.Link.Topics.Availability)).Text);

        // A good connection resets the backoff: the next loss waits at most the base again.
        h.Mqtt.Drop();
        int before = h.Mqtt.Connects.Count;
        h.Clock.Advance(1000);
        Assert.Equal(before + 1, h.Mqtt.Connects.Count);
    }

    [Fact]
    public void A_full_queue_during_an_outage_drops_the_oldest_and_counts_it()
    {
        var h = CloudLinkHarness.Connected(queueCapacity: 3);
        h.Mqtt.Drop();
        for (int i = 0; i < 5; i++)
        {
            h.Clock.Advance(1);
            h.Link.PublishTelemetry();
        }

        Assert.Equal(2, h.Link.Dropped);
        h.Mqtt.ClearPublishes();
        h.Clock.Advance(1000);
        h.Mqtt.Accept();
        var sent = h.On(h.Link.Topics.Telemetry).Select(p => p.Text).ToArray();
        Assert.Equal(3, sent.Length);
        Assert.Contains("\"seq\":3,\"uptime_ms\":3,", sent[0], StringComparison.Ordinal);
        Assert.Contains("\"seq\":5,\"uptime_ms\":5,", sent[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Leaving_online_cancels_a_pending_reconnect()
    {
        var h = CloudLinkHarness.Connected();
        h.Mqtt.Drop();
        h.Lifecycle.Fire(DeviceTrigger.ConnectionLost);
        h.Clock.Advance(100_000);
        Assert.Single(h.Mqtt.Connects);
        Assert.Equal(0, h.Link.Reconnects);
    }

    [Fact]
    public void A_connect_that_completes_after_leaving_online_is_hung_up_without_publishing()
    {
        var h = new CloudLinkHarness();
        h.Link.Start();
        h.Lifecycle.Fire(DeviceTrigger.Connected);
        h.Lifecycle.Fire(DeviceTrigger.ConnectionLost);
        h.Mqtt.Accept();
        Assert.False(h.Link.IsConnected);
        Assert.False(h.Mqtt.IsConnected);
        Assert.Empty(h.Mqtt.Publishes);
        Assert.Empty(h.Mqtt.Subscriptions);
    }

    [Fact]
    public void A_publish_that_failed_on_a_dead_connection_waits_for_the_reconnect()
    {
        var h = CloudLinkHarness.Connected();
        h.Link.PublishTelemetry();
        var first = Assert.Single(h.On(h.Link.Topics.Telemetry));
        h.Mqtt.Die();
        h.Mqtt.Ack(first, delivered: false);

        // Not resent into the dead connection, not lost either.
        Assert.Single(h.On(h.Link.Topics.Telemetry));
        Assert.Equal(1, h.Link.Queued);

        h.Mqtt.Drop();
        h.Clock.Advance(1000);
        h.Mqtt.Accept();
        var resent = h.On(h.Link.Topics.Telemetry);
        Assert.Equal(2, resent.Length);
        Assert.Equal(first.Text, resent[1].Text);
        h.Mqtt.Ack(resent[1]);
        Assert.Equal(0, h.Link.Queued);
    }

    [Fact]
    public void A_link_that_refuses_every_publish_on_the_spot_does_not_hang_the_pump()
    {
        var h = CloudLinkHarness.Connected(queueCapacity: 2);
        h.Mqtt.NackImmediately = true;
        h.Link.PublishTelemetry();
        Assert.Equal(1, h.Link.Queued);
        Assert.InRange(h.On(h.Link.Topics.Telemetry).Length, 2, 4);
        h.Mqtt.NackImmediately = false;
        h.Mqtt.Drop();
        h.Mqtt.ClearPublishes();
        h.Clock.Advance(1000);
        h.Mqtt.Accept();
        h.Mqtt.Ack(Assert.Single(h.On(h.Link.Topics.Telemetry)));
        Assert.Equal(0, h.Link.Queued);
    }

    [Fact]
    public void Counters_track_publishes_drops_and_reconnects()
    {
        var h = CloudLinkHarness.Connected(queueCapacity: 1);
        long before = h.Link.Published;
        h.Link.PublishTelemetry();
        Assert.Equal(before + 1, h.Link.Published);
        h.Mqtt.Drop();
        h.Link.PublishTelemetry();
        Assert.Equal(1, h.Link.Dropped);
        h.Clock.Advance(1000);
        Assert.Equal(1, h.Link.Reconnects);
    }
}
