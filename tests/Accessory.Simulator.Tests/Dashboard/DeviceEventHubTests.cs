using Accessory.Simulator.Events;

namespace Accessory.Simulator.Tests.Dashboard;

/// <summary>The event stream's own guarantees: a bounded backlog, resume after an id, and a slow follower never blocking the device.</summary>
public sealed class DeviceEventHubTests
{
    [Fact]
    public void The_backlog_keeps_the_latest_events_with_growing_ids()
    {
        var hub = new DeviceEventHub();
        for (int i = 1; i <= DeviceEventHub.Kept + 20; i++)
        {
            hub.Publish("log", "info", "test", "line " + i);
        }

        var kept = hub.Recent();
        Assert.Equal(DeviceEventHub.Kept, kept.Count);
        Assert.Equal("line 21", kept[0].Message);
        Assert.Equal(DeviceEventHub.Kept + 20, kept[^1].Id);
        Assert.Equal(kept.Select(e => e.Id).Order().ToList(), kept.Select(e => e.Id).ToList());
        Assert.Equal(5, hub.Recent(kept[^1].Id - 5).Count);
    }

    [Fact]
    public async Task A_follower_gets_what_came_after_its_id_then_each_new_event_in_order()
    {
        var hub = new DeviceEventHub();
        hub.Publish("state", "info", "device", "a");
        var b = hub.Publish("state", "info", "device", "b");
        hub.Publish("fault", "info", "faults", "c");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seen = new List<string>();
        var reading = Task.Run(async () =>
        {
            await foreach (var e in hub.FollowAsync(b.Id, stop.Token))
            {
                seen.Add(e.Message);
                if (seen.Count == 3)
                {
                    return;
                }
            }
        });

        Assert.True(SpinWait.SpinUntil(() => seen.Count >= 1, TimeSpan.FromSeconds(5)));
        hub.Publish("radio", "info", "radio", "d");
        hub.Publish("log", "warning", "mqtt", "e");
        await reading.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(["c", "d", "e"], seen);
    }

    [Fact]
    public async Task A_follower_that_does_not_read_loses_its_oldest_events_and_never_blocks_publishing()
    {
        var hub = new DeviceEventHub();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var follower = hub.FollowAsync(0, stop.Token).GetAsyncEnumerator(stop.Token);
        var first = hub.Publish("log", "info", "test", "first");
        Assert.True(await follower.MoveNextAsync());
        Assert.Equal(first.Id, follower.Current.Id);

        // The follower is stalled; publishing stays quick however far behind it falls.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 5000; i++)
        {
            hub.Publish("log", "info", "test", "burst " + i);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "publishing waited for a follower");
        Assert.True(await follower.MoveNextAsync());
        Assert.True(follower.Current.Message != "burst 0", "the oldest unread events should have been dropped");
        Assert.StartsWith("burst ", follower.Current.Message, StringComparison.Ordinal);
    }
}
