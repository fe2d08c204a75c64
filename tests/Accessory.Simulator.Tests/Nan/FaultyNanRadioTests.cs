using System.Collections.Concurrent;
using System.Diagnostics;
using Accessory.Core.Nan;
using Accessory.Simulator.Faults;
using Accessory.Simulator.Nan;

namespace Accessory.Simulator.Tests.Nan;

/// <summary>The device's NAN faults between its publisher and the medium: nan.delay-match and nan.drop.</summary>
public sealed class FaultyNanRadioTests
{
    private static readonly byte[] Peer = { 0x02, 0, 0, 0, 0, 0x01 };

    [Fact]
    public async Task Delay_match_sends_every_frame_at_least_that_late_and_switching_it_off_sends_at_once()
    {
        var medium = new RecordingNanRadio();
        var faults = new ActiveFaults();
        var radio = new FaultyNanRadio(medium, faults);
        faults.Set(FaultSpec.Parse("nan.delay-match:ms=300"));
        var before = medium.Now;

        radio.Send(Peer, new byte[] { 1 });

        Assert.Empty(medium.Sent);
        Assert.True(await Support.Eventually.TrueAsync(() => !medium.Sent.IsEmpty, TimeSpan.FromSeconds(5)), "the delayed frame never went out");
        var late = medium.Sent.First().At - before;
        Assert.True(late >= TimeSpan.FromMilliseconds(300), "sent after " + late.TotalMilliseconds + " ms");

        faults.Clear(FaultNames.NanDelayMatch);
        radio.Send(Peer, new byte[] { 2 });
        Assert.Equal(2, medium.Sent.Count);
    }

    [Fact]
    public void Drop_with_probability_one_loses_every_frame_both_ways_and_zero_loses_none()
    {
        var medium = new RecordingNanRadio();
        var faults = new ActiveFaults();
        var radio = new FaultyNanRadio(medium, faults);
        int heard = 0;
        radio.FrameReceived += (_, _) => heard++;

        faults.Set(FaultSpec.Parse("nan.drop:probability=1"));
        for (int i = 0; i < 20; i++)
        {
            radio.Send(Peer, new byte[] { 1 });
            medium.Hear(Peer, new byte[] { 1 });
        }

        Assert.Empty(medium.Sent);
        Assert.Equal(0, heard);

        faults.Set(FaultSpec.Parse("nan.drop:probability=0"));
        for (int i = 0; i < 20; i++)
        {
            radio.Send(Peer, new byte[] { 1 });
            medium.Hear(Peer, new byte[] { 1 });
        }

        Assert.Equal(20, medium.Sent.Count);
        Assert.Equal(20, heard);
    }
}
