using Accessory.Core.Device;

namespace Accessory.Core.Tests.Device;

public class DeviceLifecycleTests
{
    [Fact]
    public void A_new_device_walks_from_unprovisioned_to_online()
    {
        var lifecycle = new DeviceLifecycle(hasStoredCredentials: false);
        var seen = new List<string>();
        lifecycle.StateChanged += (from, to, trigger) => seen.Add($"{from}->{to}:{trigger}");

        lifecycle.Fire(DeviceTrigger.StartProvisioning);
        lifecycle.Fire(DeviceTrigger.CredentialsApplied);
        lifecycle.Fire(DeviceTrigger.Connected);

        Assert.Equal(DeviceState.Online, lifecycle.State);
        Assert.Equal(
            new[]
            {
                "Unprovisioned->Provisioning:StartProvisioning",
                "Provisioning->Connecting:CredentialsApplied",
                "Connecting->Online:Connected",
            },
            seen);
    }

    [Fact]
    public void A_device_with_stored_credentials_boots_into_connecting()
    {
        Assert.Equal(DeviceState.Connecting, new DeviceLifecycle(hasStoredCredentials: true).State);
    }

    [Fact]
    public void A_failed_join_during_provisioning_returns_to_provisioning_so_the_phone_can_retry()
    {
        var lifecycle = new DeviceLifecycle(false);
        lifecycle.Fire(DeviceTrigger.StartProvisioning);
        lifecycle.Fire(DeviceTrigger.CredentialsApplied);

        lifecycle.Fire(DeviceTrigger.ConnectionFailed);

        Assert.Equal(DeviceState.Provisioning, lifecycle.State);
    }

    [Fact]
    public void A_failed_join_with_stored_credentials_keeps_retrying()
    {
        var lifecycle = new DeviceLifecycle(true);
        int retries = 0;
        lifecycle.StateChanged += (from, to, _) => retries += from == to ? 1 : 0;

        lifecycle.Fire(DeviceTrigger.ConnectionFailed);

        Assert.Equal(DeviceState.Connecting, lifecycle.State);
        Assert.Equal(1, retries);
    }

    [Fact]
    public void A_lost_link_reconnects_and_reprovision_reopens_provisioning()
    {
        var lifecycle = new DeviceLifecycle(true);
        lifecycle.Fire(DeviceTrigger.Connected);
        lifecycle.Fire(DeviceTrigger.ConnectionLost);
        Assert.Equal(DeviceState.Connecting, lifecycle.State);

        lifecycle.Fire(DeviceTrigger.Connected);
        lifecycle.Fire(DeviceTrigger.Reprovision);
        Assert.Equal(DeviceState.Provisioning, lifecycle.State);
    }

    [Theory]
    [InlineData(false, new[] { DeviceTrigger.StartProvisioning })]
    [InlineData(false, new[] { DeviceTrigger.StartProvisioning, DeviceTrigger.CredentialsApplied })]
    [InlineData(true, new[] { DeviceTrigger.Connected })]
    [InlineData(false, new DeviceTrigger[0])]
    public void Factory_reset_returns_to_unprovisioned_from_any_state(bool stored, DeviceTrigger[] path)
    {
        var lifecycle = new DeviceLifecycle(stored);
        foreach (var trigger in path)
        {
            lifecycle.Fire(trigger);
        }

        lifecycle.Fire(DeviceTrigger.FactoryReset);

        Assert.Equal(DeviceState.Unprovisioned, lifecycle.State);
    }

    [Fact]
    public void After_a_factory_reset_a_failed_join_with_new_stored_credentials_does_not_reopen_provisioning()
    {
        var lifecycle = new DeviceLifecycle(false);
        lifecycle.Fire(DeviceTrigger.StartProvisioning);
        lifecycle.Fire(DeviceTrigger.CredentialsApplied);
        lifecycle.Fire(DeviceTrigger.FactoryReset);
        lifecycle.Fire(DeviceTrigger.StartProvisioning);
        lifecycle.Fire(DeviceTrigger.CredentialsApplied);
        lifecycle.Fire(DeviceTrigger.Connected);
        lifecycle.Fire(DeviceTrigger.ConnectionLost);

        lifecycle.Fire(DeviceTrigger.ConnectionFailed);

        Assert.Equal(DeviceState.Connecting, lifecycle.State);
    }

    [Theory]
    [InlineData(DeviceTrigger.CredentialsApplied)]
    [InlineData(DeviceTrigger.Connected)]
    [InlineData(DeviceTrigger.ConnectionFailed)]
    [InlineData(DeviceTrigger.ConnectionLost)]
    [InlineData(DeviceTrigger.Reprovision)]
    public void Triggers_that_make_no_sense_when_unprovisioned_are_refused_without_a_change(DeviceTrigger trigger)
    {
        var lifecycle = new DeviceLifecycle(false);
        bool raised = false;
        lifecycle.StateChanged += (_, _, _) => raised = true;

        Assert.False(lifecycle.TryFire(trigger));
        var error = Assert.Throws<InvalidOperationException>(() => lifecycle.Fire(trigger));

        Assert.Contains("while unprovisioned", error.Message, StringComparison.Ordinal);
        Assert.Equal(DeviceState.Unprovisioned, lifecycle.State);
        Assert.False(raised);
    }
}
