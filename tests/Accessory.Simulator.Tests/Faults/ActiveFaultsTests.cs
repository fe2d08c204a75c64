using Accessory.Simulator.Faults;

namespace Accessory.Simulator.Tests.Faults;

public class ActiveFaultsTests
{
    [Fact]
    public void Clear_if_current_clears_only_the_spec_that_is_still_active()
    {
        var faults = new ActiveFaults();
        var first = FaultSpec.Parse("ble.disconnect:after-writes=1");
        var again = FaultSpec.Parse("ble.disconnect:after-writes=3");
        faults.Set(first);
        faults.Set(again);

        Assert.False(faults.ClearIfCurrent(first));
        Assert.True(faults.TryGet("ble.disconnect", out var still) && ReferenceEquals(still, again));
        Assert.True(faults.ClearIfCurrent(again));
        Assert.False(faults.IsActive("ble.disconnect"));
    }

    [Fact]
    public void Set_replaces_a_fault_of_the_same_name_and_every_change_raises_an_event()
    {
        var faults = new ActiveFaults();
        var events = new List<string>();
        faults.Changed += (_, e) => events.Add($"{e.Name}={e.Spec?.ToString() ?? "cleared"}");

        faults.Set(FaultSpec.Parse("http.delay:ms=5"));
        faults.Set(FaultSpec.Parse("http.delay:ms=7"));
        faults.Set(FaultSpec.Parse("ws.no-pong"));

        Assert.True(faults.TryGet("http.delay", out var delay));
        Assert.Equal(7, delay.GetInt("ms"));
        Assert.Equal(["http.delay", "ws.no-pong"], faults.Snapshot().Select(s => s.Name));
        Assert.True(faults.Clear("ws.no-pong"));
        Assert.False(faults.Clear("ws.no-pong"));
        Assert.False(faults.TryGet("ws.no-pong", out _));
        Assert.Equal(1, faults.ClearAll());
        Assert.Empty(faults.Snapshot());
        Assert.Equal(["http.delay=http.delay:ms=5", "http.delay=http.delay:ms=7", "ws.no-pong=ws.no-pong", "ws.no-pong=cleared", "http.delay=cleared"], events);
    }

    [Fact]
    public void A_counted_status_fault_is_used_count_times_then_clears_itself()
    {
        var faults = new ActiveFaults();
        FaultSpec? last = null;
        faults.Changed += (_, e) => last = e.Spec;
        faults.Set(FaultSpec.Parse("http.status:code=429,count=2"));

        Assert.True(faults.TryConsume("http.status", out var first));
        Assert.Equal(2, first.GetInt("count"));
        Assert.Equal(1, last!.GetInt("count"));
        Assert.True(faults.TryConsume("http.status", out var second));
        Assert.Equal(429, second.GetInt("code"));
        Assert.Null(last);
        Assert.False(faults.TryConsume("http.status", out _));
        Assert.False(faults.IsActive("http.status"));
    }

    [Fact]
    public void Count_zero_and_faults_without_a_count_are_never_used_up()
    {
        var faults = new ActiveFaults();
        faults.SetAll([FaultSpec.Parse("http.status"), FaultSpec.Parse("http.delay")]);

        for (int i = 0; i < 100; i++)
        {
            Assert.True(faults.TryConsume("http.status", out _));
            Assert.True(faults.TryConsume("http.delay", out _));
        }

        Assert.Equal(2, faults.Snapshot().Count);
    }

    [Fact]
    public void Concurrent_consumers_use_a_counted_fault_exactly_count_times()
    {
        var faults = new ActiveFaults();
        faults.Set(FaultSpec.Parse("http.status:count=500"));
        int used = 0;
        var threads = Enumerable.Range(0, 8).Select(n => new Thread(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                if (faults.TryConsume("http.status", out _))
                {
                    Interlocked.Increment(ref used);
                }
            }
        })).ToList();

        threads.ForEach(t => t.Start());
        Assert.All(threads, t => Assert.True(t.Join(TimeSpan.FromSeconds(30))));

        Assert.Equal(500, used);
        Assert.False(faults.IsActive("http.status"));
    }

    [Fact]
    public void Concurrent_writers_and_readers_leave_a_consistent_registry_and_ordered_events()
    {
        var faults = new ActiveFaults();
        int events = 0;
        faults.Changed += (_, _) => Interlocked.Increment(ref events);
        string[] names = ["http.delay", "ws.abort", "tls.chain", "wifi.ap-lost"];
        var threads = Enumerable.Range(0, 6).Select(n => new Thread(() =>
        {
            var random = new Random(n);
            for (int i = 0; i < 2000; i++)
            {
                string name = names[random.Next(names.Length)];
                switch (random.Next(4))
                {
                    case 0: faults.Set(FaultSpec.Parse(name)); break;
                    case 1: faults.Clear(name); break;
                    case 2: Assert.All(faults.Snapshot(), s => Assert.Contains(s.Name, names)); break;
                    default: faults.TryConsume(name, out _); break;
                }
            }
        })).ToList();

        threads.ForEach(t => t.Start());
        Assert.All(threads, t => Assert.True(t.Join(TimeSpan.FromSeconds(30))));

        Assert.True(events > 0);
        var snapshot = faults.Snapshot();
        Assert.Equal(snapshot.Select(s => s.Name).Order(StringComparer.Ordinal), snapshot.Select(s => s.Name));
        Assert.Equal(snapshot.Count, snapshot.Select(s => s.Name).Distinct().Count());
    }

    [Fact]
    public void Entries_remember_when_they_were_set_for_timed_faults()
    {
        var clock = new ManualClock(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var faults = new ActiveFaults(clock);
        faults.Set(FaultSpec.Parse("server.outage:delay=10s,duration=5s"));

        Assert.True(faults.TryGetEntry("server.outage", out var entry));
        Assert.Equal(clock.GetUtcNow(), entry.SetAt);
        Assert.Equal(OutagePhase.Pending, OutageSchedule.PhaseAt(entry, clock.GetUtcNow().AddSeconds(9)));
    }

    private sealed class ManualClock : TimeProvider
    {
        private readonly DateTimeOffset _now;

        public ManualClock(DateTimeOffset now)
        {
            _now = now;
        }

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
