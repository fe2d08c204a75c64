using Accessory.Core.Device;
using Accessory.Core.Provisioning;
using Accessory.Core.Settings;
using Accessory.Core.Tests.Fakes;
using Accessory.Phone.Protos;

namespace Accessory.Core.Tests.Provisioning;

public class ControlEndpointTests
{
    [Fact]
    public void Reset_before_any_attempt_is_refused_with_internal_error()
    {
        using var h = new ProvisioningHarness().Started();
        var reply = h.Control(WiFiCtrlMsgType.TypeCmdCtrlReset);
        Assert.Equal(WiFiCtrlMsgType.TypeRespCtrlReset, reply.Msg);
        Assert.Equal(Status.InternalError, reply.Status);
    }

    [Fact]
    public void Reset_while_connecting_or_after_success_is_refused()
    {
        using var h = new ProvisioningHarness().Started();
        h.SetConfig("HomeNet", "correct horse battery");
        h.ApplyConfig();
        Assert.Equal(Status.InternalError, h.Control(WiFiCtrlMsgType.TypeCmdCtrlReset).Status);
        h.Clock.Advance(1200);
        Assert.Equal(WifiStationState.Connected, h.GetStatus().StaState);
        Assert.Equal(Status.InternalError, h.Control(WiFiCtrlMsgType.TypeCmdCtrlReset).Status);
    }

    [Fact]
    public void Reset_after_a_failure_forgets_it()
    {
        using var h = new ProvisioningHarness().Started();
        h.SetConfig("HomeNet", "wrong password");
        h.ApplyConfig();
        h.Clock.Advance(1200);
        Assert.Equal(Status.Success, h.Control(WiFiCtrlMsgType.TypeCmdCtrlReset).Status);
        Assert.Null(h.Manager.LastStation);
        Assert.Equal(ProvisioningState.Started, h.Manager.State);

        // Forgotten means the old credentials are gone too: apply needs new ones.
        Assert.Equal(Status.InternalError, h.ApplyConfig().Status);
        Assert.Equal(Status.InternalError, h.Control(WiFiCtrlMsgType.TypeCmdCtrlReset).Status);
    }

    [Fact]
    public void Reprov_before_success_is_refused()
    {
        using var h = new ProvisioningHarness().Started();
        var reply = h.Control(WiFiCtrlMsgType.TypeCmdCtrlReprov);
        Assert.Equal(WiFiCtrlMsgType.TypeRespCtrlReprov, reply.Msg);
        Assert.Equal(WiFiCtrlPayload.PayloadOneofCase.RespCtrlReprov, reply.PayloadCase);
        Assert.Equal(Status.InternalError, reply.Status);
    }

    [Fact]
    public void Reprov_after_success_accepts_new_credentials_when_provisioning_is_kept_alive()
    {
        var office = FakeNetwork.Create("OfficeNet", "office-secret-1", rssi: -60, channel: 1, lastBssidByte: 0x07);
        using var h = new ProvisioningHarness(new ProvisioningOptions { AutoStopEnabled = false }, 2, ProvisioningHarness.Home, office).Started();
        h.ProvisionSuccessfully();
        Assert.Equal(WifiStationState.Connected, h.GetStatus().StaState);
        Assert.Equal(DeviceState.Online, h.Lifecycle.State);

        Assert.Equal(Status.Success, h.Control(WiFiCtrlMsgType.TypeCmdCtrlReprov).Status);
        Assert.Equal(ProvisioningState.Started, h.Manager.State);
        Assert.Equal(DeviceState.Provisioning, h.Lifecycle.State);

        h.ProvisionSuccessfully(office);
        var status = h.GetStatus();
        Assert.Equal(WifiStationState.Connected, status.StaState);
        Assert.Equal("OfficeNet", status.Connected.Ssid.ToStringUtf8());
        Assert.Equal(1, status.Connected.Channel);
        Assert.Equal("OfficeNet"u8.ToArray(), h.Reloaded().GetBytes(SettingKeys.WifiSsid));
        Assert.Equal(DeviceState.Online, h.Lifecycle.State);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(9)]
    public void Reserved_response_and_unknown_ctrl_messages_are_handler_failures(int msg)
    {
        using var h = new ProvisioningHarness().Started();
        var response = h.Send("prov-ctrl", new WiFiCtrlPayload { Msg = (WiFiCtrlMsgType)msg });
        Assert.Equal(ProtocommOutcome.HandlerFailed, response.Outcome);
    }
}
