using Accessory.Core.Nan;
using Accessory.Simulator.Net;
using Accessory.Simulator.Tests.Net;

namespace Accessory.Simulator.Tests.Nan;

/// <summary>When and how the whole simulated device publishes, seen by a phone in another namespace.</summary>
public sealed class NanDevicePublishTests
{
    [NamespaceTheory]
    [InlineData(false, true, true)]
    [InlineData(false, false, false)]
    [InlineData(true, true, false)]
    [InlineData(true, false, true)]
    public async Task The_device_publishes_only_in_the_states_its_configuration_names(bool provisioned, bool whileUnprovisioned, bool expected)
    {
        using var lan = LanSegment.Create("device", "phone");
        await using var device = await NanDevice.StartAsync(lan["device"], provisioned, new NanPublishRules(whileUnprovisioned, !whileUnprovisioned));
        using var phone = NanPhone.Start(lan["phone"]);

        // The phone solicits every 300 ms: a publisher that is there answers well within the wait.
        var found = phone.Events.WaitFor(NanEvents.DiscoveryResult, expected ? NanPhone.Patience : TimeSpan.FromSeconds(2));

        Assert.Equal(expected, device.Device.Nan!.Publishing);
        Assert.Equal(expected, found != null);
    }

    [NamespaceFact]
    public async Task Ttl_early_fault_terminates_the_publish()
    {
        using var lan = LanSegment.Create("device", "phone");
        await using var device = await NanDevice.StartAsync(lan["device"], "nan.ttl-early:seconds=1");

        var terminated = device.Events.WaitFor(NanEvents.PublishTerminated, NanPhone.Patience);

        Assert.NotNull(terminated);
        Assert.Equal(NanEvents.ReasonTimeout, terminated.Reason);
        Assert.False(device.Device.Nan!.Publishing);
    }

    [NamespaceFact]
    public async Task Half_the_frames_dropped_still_discovers_within_a_bounded_time()
    {
        using var lan = LanSegment.Create("device", "phone");
        await using var device = await NanDevice.StartAsync(lan["device"], "nan.drop:probability=0.5");
        using var phone = NanPhone.Start(lan["phone"]);

        phone.Discover(TimeSpan.FromSeconds(20));
    }
}
