using Accessory.Core.Device;
using Accessory.Core.Provisioning;

namespace Accessory.Core.Tests.Provisioning;

public class ProvisioningServiceTests
{
    [Fact]
    public void Endpoints_are_registered_in_esp_idf_order_with_custom_ones_last()
    {
        using var h = new ProvisioningHarness();
        h.Service.AddCustomDataEndpoint();
        Assert.Equal(new[] { "prov-ctrl", "prov-scan", "prov-session", "prov-config", "proto-ver", "custom-data" }, h.Router.EndpointNamesInOrder());
    }

    [Fact]
    public void Prov_session_is_forwarded_to_the_security_scheme_without_a_session()
    {
        using var h = new ProvisioningHarness();
        h.Service.Start();
        var response = h.Send("prov-session", new byte[] { 0x10, 0x02 });
        Assert.Equal(ProtocommOutcome.Ok, response.Outcome);
        Assert.Equal(new byte[] { 0x10, 0x02 }, response.Body);
        Assert.Equal(new byte[] { 0x10, 0x02 }, Assert.Single(h.Security.SessionRequests));
    }

    [Fact]
    public void Starting_moves_the_device_into_provisioning_once()
    {
        using var h = new ProvisioningHarness();
        Assert.Equal(ProvisioningState.Idle, h.Manager.State);
        h.Service.Start();
        Assert.Equal(ProvisioningState.Started, h.Manager.State);
        Assert.Equal(DeviceState.Provisioning, h.Lifecycle.State);
        Assert.Throws<InvalidOperationException>(() => h.Service.Start());
    }

    [Fact]
    public void Stop_closes_every_endpoint_and_raises_ended_once()
    {
        using var h = new ProvisioningHarness().Started();
        h.Manager.Stop();
        h.Manager.Stop();
        Assert.True(h.Router.Stopped);
        Assert.Single(h.EndReasons);
        Assert.Equal(ProtocommOutcome.Stopped, h.Send("prov-session", new byte[] { 1 }).Outcome);
    }

    [Fact]
    public void A_join_that_completes_after_stop_changes_nothing()
    {
        using var h = new ProvisioningHarness().Started();
        h.SetConfig("HomeNet", "correct horse battery");
        h.ApplyConfig();
        h.Clock.Advance(1000);
        h.Manager.Stop();
        h.Clock.Advance(1000);
        Assert.Equal(ProvisioningState.Stopped, h.Manager.State);
        Assert.Null(h.Store.Image);
    }

    [Fact]
    public void Fast_options_shrink_the_radio_delays_but_keep_the_auto_stop_contract()
    {
        var fast = ProvisioningOptions.Fast();
        var normal = new ProvisioningOptions();
        Assert.True(fast.ApplyDelayMilliseconds < normal.ApplyDelayMilliseconds);
        Assert.True(fast.CleanupDelayMilliseconds < normal.CleanupDelayMilliseconds);
        Assert.Equal(30_000, fast.AutoStopMilliseconds);
        Assert.Equal(normal.AutoStopMilliseconds, fast.AutoStopMilliseconds);
    }
}
