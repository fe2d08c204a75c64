using Accessory.Simulator.Faults;

namespace Accessory.Simulator.Tests.Faults;

public class OutageScheduleTests
{
    private static readonly DateTimeOffset T = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(-1000, OutagePhase.Pending)]
    [InlineData(0, OutagePhase.Pending)]
    [InlineData(9_999, OutagePhase.Pending)]
    [InlineData(10_000, OutagePhase.Active)]
    [InlineData(14_999, OutagePhase.Active)]
    [InlineData(15_000, OutagePhase.Over)]
    [InlineData(3_600_000, OutagePhase.Over)]
    public void A_server_outage_is_pending_for_its_delay_active_for_its_duration_then_over(int msAfterSet, OutagePhase expected)
    {
        var spec = FaultSpec.Parse("server.outage:mode=refuse,delay=10s,duration=5s");

        Assert.Equal(expected, OutageSchedule.PhaseAt(spec, T, T.AddMilliseconds(msAfterSet)));
    }

    [Fact]
    public void Without_a_delay_the_outage_starts_when_set()
    {
        var spec = FaultSpec.Parse("wifi.ap-lost:duration=250ms");

        Assert.Equal(OutagePhase.Active, OutageSchedule.PhaseAt(spec, T, T));
        Assert.Equal(OutagePhase.Over, OutageSchedule.PhaseAt(spec, T, T.AddMilliseconds(250)));
        Assert.Equal(T.AddMilliseconds(250), OutageSchedule.EndsAt(spec, T));
    }

    [Fact]
    public void A_fault_without_a_duration_is_not_timed()
    {
        Assert.Throws<ArgumentException>(() => OutageSchedule.PhaseAt(FaultSpec.Parse("ws.no-pong"), T, T));
    }
}
