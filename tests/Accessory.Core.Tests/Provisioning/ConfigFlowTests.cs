using Accessory.Core.Device;
using Accessory.Core.Provisioning;
using Accessory.Core.Settings;
using Accessory.Phone.Protos;

namespace Accessory.Core.Tests.Provisioning;

public class ConfigFlowTests
{
    private static readonly byte[] HomePassword = System.Text.Encoding.UTF8.GetBytes("correct horse battery");

    [Fact]
    public void Valid_credentials_connect_after_the_apply_delay_and_are_stored_only_on_success()
    {
        using var h = new ProvisioningHarness().Started();
        Assert.Equal(Status.Success, h.SetConfig("HomeNet", "correct horse battery", bssid: null, channel: 11).Status);
        Assert.Equal(Status.Success, h.ApplyConfig().Status);

        var connecting = h.GetStatus();
        Assert.Equal(WifiStationState.Connecting, connecting.StaState);
        Assert.Equal(RespGetStatus.StateOneofCase.None, connecting.StateCase);
        Assert.Equal(ProvisioningState.CredentialsReceived, h.Manager.State);

        h.Clock.Advance(999);
        Assert.Empty(h.Radio.ConnectAttempts);
        h.Clock.Advance(1);
        Assert.Equal(new[] { "HomeNet" }, h.Radio.ConnectAttempts);
        Assert.Equal(0, h.Store.WriteCount);
        Assert.Equal(WifiStationState.Connecting, h.GetStatus().StaState);

        h.Clock.Advance(h.Radio.ConnectDelayMilliseconds);
        var connected = h.GetStatus();
        Assert.Equal(Status.Success, connected.Status);
        Assert.Equal(WifiStationState.Connected, connected.StaState);
        Assert.Equal(RespGetStatus.StateOneofCase.Connected, connected.StateCase);
        Assert.Equal("192.168.1.50", connected.Connected.Ip4Addr);
        Assert.Equal(WifiAuthMode.Wpa2Psk, connected.Connected.AuthMode);
        Assert.Equal("HomeNet", connected.Connected.Ssid.ToStringUtf8());
        Assert.Equal(new byte[] { 0x24, 0x0A, 0xC4, 0x00, 0x00, 0x42 }, connected.Connected.Bssid.ToByteArray());
        Assert.Equal(11, connected.Connected.Channel);

        var stored = h.Reloaded();
        Assert.Equal("HomeNet"u8.ToArray(), stored.GetBytes(SettingKeys.WifiSsid));
        Assert.Equal(HomePassword, stored.GetBytes(SettingKeys.WifiPassphrase));
        Assert.False(stored.Contains(SettingKeys.WifiBssid));
        Assert.True(stored.GetBoolean(SettingKeys.FlagProvisioned, false));
        Assert.Equal(ProvisioningState.Succeeded, h.Manager.State);
        Assert.Equal(DeviceState.Online, h.Lifecycle.State);
        Assert.Equal(
            new[]
            {
                "Unprovisioned->Provisioning:StartProvisioning",
                "Provisioning->Connecting:CredentialsApplied",
                "Connecting->Online:Connected",
            },
            h.Transitions);
    }

    [Fact]
    public void A_bssid_given_with_the_credentials_is_used_for_the_join_and_stored()
    {
        using var h = new ProvisioningHarness().Started();
        var bssid = ProvisioningHarness.Home.AccessPoint.Bssid;
        Assert.Equal(Status.Success, h.SetConfig("HomeNet", "correct horse battery", bssid).Status);
        h.ApplyConfig();
        h.Clock.Advance(1200);
        Assert.Equal(WifiStationState.Connected, h.GetStatus().StaState);
        Assert.Equal(bssid, h.Reloaded().GetBytes(SettingKeys.WifiBssid));
    }

    [Fact]
    public void A_wrong_password_reports_auth_error_and_stores_nothing()
    {
        using var h = new ProvisioningHarness().Started();
        h.SetConfig("HomeNet", "wrong password");
        h.ApplyConfig();
        h.Clock.Advance(1200);

        var status = h.GetStatus();
        Assert.Equal(WifiStationState.ConnectionFailed, status.StaState);
        Assert.Equal(RespGetStatus.StateOneofCase.FailReason, status.StateCase);
        Assert.Equal(WifiConnectFailedReason.AuthError, status.FailReason);
        Assert.Equal(0, h.Store.WriteCount);
        Assert.Null(h.Store.Image);
        Assert.False(h.Settings.Contains(SettingKeys.WifiSsid));
        Assert.Equal(DeviceState.Provisioning, h.Lifecycle.State);
        Assert.Contains("Connecting->Provisioning:ConnectionFailed", h.Transitions);
    }

    [Fact]
    public void With_retries_a_failed_attempt_reports_connecting_with_attempts_remaining_until_the_last()
    {
        using var h = new ProvisioningHarness(new ProvisioningOptions { ConnectAttempts = 3, RetryDelayMilliseconds = 500 }).Started();
        h.SetConfig("HomeNet", "wrong password");
        h.ApplyConfig();
        h.Clock.Advance(1000 + 200);

        var first = h.GetStatus();
        Assert.Equal(WifiStationState.Connecting, first.StaState);
        Assert.Equal(RespGetStatus.StateOneofCase.AttemptFailed, first.StateCase);
        Assert.Equal(2u, first.AttemptFailed.AttemptsRemaining);
        Assert.Single(h.Radio.ConnectAttempts);

        h.Clock.Advance(500 + 200);
        Assert.Equal(1u, h.GetStatus().AttemptFailed.AttemptsRemaining);
        Assert.Equal(DeviceState.Connecting, h.Lifecycle.State);

        h.Clock.Advance(500 + 200);
        var last = h.GetStatus();
        Assert.Equal(WifiStationState.ConnectionFailed, last.StaState);
        Assert.Equal(WifiConnectFailedReason.AuthError, last.FailReason);
        Assert.Equal(3, h.Radio.ConnectAttempts.Count);
        Assert.Equal(DeviceState.Provisioning, h.Lifecycle.State);
        Assert.Null(h.Store.Image);
    }

    [Fact]
    public void An_unknown_ssid_reports_network_not_found()
    {
        using var h = new ProvisioningHarness().Started();
        h.SetConfig("NoSuchNet", "whatever123");
        h.ApplyConfig();
        h.Clock.Advance(1200);

        var status = h.GetStatus();
        Assert.Equal(WifiStationState.ConnectionFailed, status.StaState);
        Assert.Equal(WifiConnectFailedReason.NetworkNotFound, status.FailReason);
        Assert.Null(h.Store.Image);
    }

    [Fact]
    public void After_a_failure_the_same_session_can_send_new_credentials_when_reset_on_failure_is_on()
    {
        using var h = new ProvisioningHarness().Started();
        h.SetConfig("HomeNet", "wrong password");
        h.ApplyConfig();
        h.Clock.Advance(1200);
        Assert.Equal(WifiStationState.ConnectionFailed, h.GetStatus().StaState);

        h.ProvisionSuccessfully();
        Assert.Equal(WifiStationState.Connected, h.GetStatus().StaState);
        Assert.Equal(HomePassword, h.Reloaded().GetBytes(SettingKeys.WifiPassphrase));
        Assert.Equal(2, h.Manager.Attempts);
    }

    [Fact]
    public void Without_reset_on_failure_a_failed_device_refuses_apply_until_prov_ctrl_reset()
    {
        using var h = new ProvisioningHarness(new ProvisioningOptions { ResetOnFailure = false }).Started();
        h.SetConfig("HomeNet", "wrong password");
        h.ApplyConfig();
        h.Clock.Advance(1200);
        Assert.Equal(ProvisioningState.Failed, h.Manager.State);

        h.SetConfig("HomeNet", "correct horse battery");
        Assert.Equal(Status.InternalError, h.ApplyConfig().Status);
        Assert.Single(h.Radio.ConnectAttempts);

        var reset = h.Control(WiFiCtrlMsgType.TypeCmdCtrlReset);
        Assert.Equal(WiFiCtrlMsgType.TypeRespCtrlReset, reset.Msg);
        Assert.Equal(Status.Success, reset.Status);
        Assert.Equal(WiFiCtrlPayload.PayloadOneofCase.RespCtrlReset, reset.PayloadCase);

        h.ProvisionSuccessfully();
        Assert.Equal(WifiStationState.Connected, h.GetStatus().StaState);
    }

    [Fact]
    public void Apply_is_refused_once_credentials_were_received()
    {
        using var h = new ProvisioningHarness().Started();
        h.SetConfig("HomeNet", "correct horse battery");
        Assert.Equal(Status.Success, h.ApplyConfig().Status);
        Assert.Equal(Status.InternalError, h.ApplyConfig().Status);

        h.Clock.Advance(1200);
        Assert.Equal(Status.InternalError, h.ApplyConfig().Status);
        Assert.Single(h.Radio.ConnectAttempts);
    }

    [Fact]
    public void A_set_config_during_the_apply_delay_does_not_change_the_join()
    {
        using var h = new ProvisioningHarness().Started();
        h.SetConfig("HomeNet", "correct horse battery");
        h.ApplyConfig();
        Assert.Equal(Status.Success, h.SetConfig("OtherNet", "something else").Status);
        h.Clock.Advance(1200);
        Assert.Equal(new[] { "HomeNet" }, h.Radio.ConnectAttempts);
        Assert.Equal(WifiStationState.Connected, h.GetStatus().StaState);
        Assert.Equal("HomeNet"u8.ToArray(), h.Reloaded().GetBytes(SettingKeys.WifiSsid));
    }

    [Fact]
    public void Apply_without_credentials_is_refused()
    {
        using var h = new ProvisioningHarness().Started();
        Assert.Equal(Status.InternalError, h.ApplyConfig().Status);
        h.Clock.Advance(5000);
        Assert.Empty(h.Radio.ConnectAttempts);
    }

    [Theory]
    [InlineData(33, 8, 0)]
    [InlineData(8, 64, 0)]
    [InlineData(8, 65, 0)]
    [InlineData(8, 8, 5)]
    [InlineData(8, 8, 7)]
    [InlineData(8, 8, 1)]
    public void Oversized_or_malformed_fields_are_invalid_arguments(int ssidLength, int passphraseLength, int bssidLength)
    {
        using var h = new ProvisioningHarness().Started();
        var reply = h.SetConfig(new byte[ssidLength].Select(_ => (byte)'a').ToArray(), new byte[passphraseLength].Select(_ => (byte)'p').ToArray(), new byte[bssidLength]);
        Assert.Equal(Status.InvalidArgument, reply.Status);
        Assert.Equal(Status.InternalError, h.ApplyConfig().Status);
        Assert.Null(h.Store.Image);
    }

    [Fact]
    public void Fields_at_their_limits_are_accepted()
    {
        using var h = new ProvisioningHarness().Started();
        Assert.Equal(Status.Success, h.SetConfig(new byte[32], new byte[63], new byte[6]).Status);
    }

    [Fact]
    public void An_empty_ssid_is_accepted_as_ESP_IDF_does_and_fails_at_the_join()
    {
        using var h = new ProvisioningHarness().Started();
        Assert.Equal(Status.Success, h.SetConfig(Array.Empty<byte>(), new byte[8]).Status);
    }

    [Fact]
    public void Dispatch_follows_msg_not_the_oneof_member_present()
    {
        using var h = new ProvisioningHarness().Started();
        h.SetConfig("HomeNet", "correct horse battery");

        // msg says ApplyConfig although the GetStatus member is set: the device applies.
        var reply = h.Config(new WiFiConfigPayload { Msg = WiFiConfigMsgType.TypeCmdApplyConfig, CmdGetStatus = new CmdGetStatus() });
        Assert.Equal(WiFiConfigMsgType.TypeRespApplyConfig, reply.Msg);
        Assert.Equal(Status.Success, reply.RespApplyConfig.Status);
        Assert.Equal(ProvisioningState.CredentialsReceived, h.Manager.State);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(-1)]
    public void Response_types_and_unknown_msg_values_are_handler_failures(int msg)
    {
        using var h = new ProvisioningHarness().Started();
        var response = h.Send("prov-config", new WiFiConfigPayload { Msg = (WiFiConfigMsgType)msg });
        Assert.Equal(ProtocommOutcome.HandlerFailed, response.Outcome);
    }

    [Fact]
    public void GetStatus_before_any_apply_is_a_handler_failure()
    {
        using var h = new ProvisioningHarness().Started();
        var response = h.Send("prov-config", new WiFiConfigPayload { Msg = WiFiConfigMsgType.TypeCmdGetStatus });
        Assert.Equal(ProtocommOutcome.HandlerFailed, response.Outcome);
    }

    [Fact]
    public void Provisioning_ends_a_cleanup_delay_after_the_first_connected_status()
    {
        using var h = new ProvisioningHarness().Started();
        h.ProvisionSuccessfully();
        h.Clock.Advance(5000);
        Assert.False(h.Router.Stopped);

        Assert.Equal(WifiStationState.Connected, h.GetStatus().StaState);
        h.Clock.Advance(999);
        Assert.Equal(WifiStationState.Connected, h.GetStatus().StaState);
        h.Clock.Advance(1);

        Assert.True(h.Router.Stopped);
        Assert.Equal(ProvisioningState.Stopped, h.Manager.State);
        Assert.Single(h.EndReasons);
        var after = h.Send("prov-config", new WiFiConfigPayload { Msg = WiFiConfigMsgType.TypeCmdGetStatus });
        Assert.Equal(ProtocommOutcome.Stopped, after.Outcome);
        Assert.Equal(ProtocommOutcome.Stopped, h.Send("proto-ver", "ESP"u8.ToArray()).Outcome);
    }

    [Fact]
    public void The_cleanup_delay_is_configurable()
    {
        using var h = new ProvisioningHarness(new ProvisioningOptions { CleanupDelayMilliseconds = 50, ApplyDelayMilliseconds = 10 }).Started();
        h.ProvisionSuccessfully();
        h.GetStatus();
        h.Clock.Advance(49);
        Assert.False(h.Router.Stopped);
        h.Clock.Advance(1);
        Assert.True(h.Router.Stopped);
    }

    [Fact]
    public void Without_polling_the_auto_stop_timer_ends_provisioning()
    {
        using var h = new ProvisioningHarness().Started();
        h.ProvisionSuccessfully();
        h.Clock.Advance(29_999);
        Assert.False(h.Router.Stopped);
        h.Clock.Advance(1);
        Assert.True(h.Router.Stopped);
        Assert.Equal(ProvisioningState.Stopped, h.Manager.State);
    }

    [Fact]
    public void With_auto_stop_disabled_provisioning_stays_open_after_success()
    {
        using var h = new ProvisioningHarness(new ProvisioningOptions { AutoStopEnabled = false }).Started();
        h.ProvisionSuccessfully();
        h.GetStatus();
        h.Clock.Advance(600_000);
        Assert.False(h.Router.Stopped);
        Assert.Equal(ProvisioningState.Succeeded, h.Manager.State);
    }

    [Fact]
    public void The_passphrase_never_appears_in_logs_or_failure_reasons()
    {
        using var h = new ProvisioningHarness().Started();
        h.SetConfig("HomeNet", "wrong password");
        h.ApplyConfig();
        h.Clock.Advance(1200);
        h.GetStatus();
        h.SetConfig("HomeNet", new string('x', 65));
        h.ProvisionSuccessfully();
        h.GetStatus();
        h.Clock.Advance(2000);

        Assert.NotEmpty(h.Log.Lines);
        Assert.DoesNotContain(h.Log.Lines, line => line.Contains("correct horse", StringComparison.Ordinal) || line.Contains("wrong password", StringComparison.Ordinal) || line.Contains("xxxxxxxx", StringComparison.Ordinal));
        Assert.Contains(h.Log.Lines, line => line.Contains("'HomeNet'", StringComparison.Ordinal));
    }

    [Fact]
    public void Endpoints_need_an_established_session()
    {
        using var h = new ProvisioningHarness();
        h.Service.Start();
        var response = h.Send("prov-config", new WiFiConfigPayload { Msg = WiFiConfigMsgType.TypeCmdGetStatus });
        Assert.Equal(ProtocommOutcome.NoSession, response.Outcome);
    }

    [Fact]
    public void Settings_of_a_failed_join_are_untouched_even_when_other_settings_exist()
    {
        using var h = new ProvisioningHarness().Started();
        h.Settings.SetString(SettingKeys.DeviceName, "PROV_ABCDEF");
        h.Repository.Save(h.Settings);
        var before = h.Store.Image;
        h.SetConfig("HomeNet", "wrong password");
        h.ApplyConfig();
        h.Clock.Advance(1200);
        Assert.Equal(before, h.Store.Image);
        Assert.Equal(1, h.Store.WriteCount);
    }
}
