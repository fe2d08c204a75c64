using Accessory.Core.Protobuf;
using Accessory.Core.Provisioning;
using Accessory.Core.Provisioning.Messages;
using Accessory.Phone.Protos;
using Google.Protobuf;
using CoreAuth = Accessory.Core.Wifi.WifiAuthMode;
using CoreFailReason = Accessory.Core.Wifi.WifiFailReason;
using WifiAccessPoint = Accessory.Core.Wifi.WifiAccessPoint;

namespace Accessory.Core.Tests.Provisioning;

public class MessageCodecTests
{
    [Fact]
    public void SetConfig_written_by_google_decodes_with_every_field()
    {
        var bytes = new WiFiConfigPayload
        {
            Msg = WiFiConfigMsgType.TypeCmdSetConfig,
            CmdSetConfig = new CmdSetConfig
            {
                Ssid = ByteString.CopyFrom(0xFF, 0x00, 0x41),
                Passphrase = ByteString.CopyFromUtf8("pass phrase"),
                Bssid = ByteString.CopyFrom(1, 2, 3, 4, 5, 6),
                Channel = -7,
            },
        }.ToByteArray();
        var request = WifiConfigCodec.DecodeRequest(bytes);
        Assert.Equal(WifiConfigMsgType.CmdSetConfig, request.Msg);
        Assert.Equal(new byte[] { 0xFF, 0x00, 0x41 }, request.Ssid);
        Assert.Equal("pass phrase"u8.ToArray(), request.Passphrase);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, request.Bssid);
        Assert.Equal(-7, request.Channel);
    }

    [Fact]
    public void An_empty_body_is_get_status_because_msg_defaults_to_zero()
    {
        Assert.Equal(WifiConfigMsgType.CmdGetStatus, WifiConfigCodec.DecodeRequest(Array.Empty<byte>()).Msg);
        Assert.Equal(WifiScanMsgType.CmdScanStart, WifiScanCodec.DecodeRequest(Array.Empty<byte>()).Msg);
        Assert.Throws<ProtoFormatException>(() => WifiCtrlCodec.DecodeRequest(Array.Empty<byte>()));
    }

    [Fact]
    public void A_failed_status_carries_auth_error_although_it_is_zero()
    {
        var bytes = WifiConfigCodec.EncodeGetStatusResponse(StatusCode.Success, StationStatus.Failed(CoreFailReason.AuthError));
        var parsed = WiFiConfigPayload.Parser.ParseFrom(bytes);
        Assert.Equal(WiFiConfigMsgType.TypeRespGetStatus, parsed.Msg);
        Assert.Equal(WifiStationState.ConnectionFailed, parsed.RespGetStatus.StaState);
        Assert.Equal(RespGetStatus.StateOneofCase.FailReason, parsed.RespGetStatus.StateCase);
        Assert.Equal(WifiConnectFailedReason.AuthError, parsed.RespGetStatus.FailReason);
    }

    [Fact]
    public void Connecting_with_attempts_left_reports_attempt_failed()
    {
        var station = new StationStatus(StationState.Connecting, CoreFailReason.AuthError, null, string.Empty, 0);
        var parsed = WiFiConfigPayload.Parser.ParseFrom(WifiConfigCodec.EncodeGetStatusResponse(StatusCode.Success, station));
        Assert.Equal(RespGetStatus.StateOneofCase.AttemptFailed, parsed.RespGetStatus.StateCase);
        Assert.Equal(0u, parsed.RespGetStatus.AttemptFailed.AttemptsRemaining);
    }

    [Fact]
    public void Connected_status_round_trips_through_google()
    {
        var ap = new WifiAccessPoint("Café"u8.ToArray(), new byte[] { 9, 8, 7, 6, 5, 4 }, 149, -61, CoreAuth.Wpa3Psk);
        var parsed = WiFiConfigPayload.Parser.ParseFrom(WifiConfigCodec.EncodeGetStatusResponse(StatusCode.Success, StationStatus.Connected(ap, "10.0.0.7")));
        var connected = parsed.RespGetStatus.Connected;
        Assert.Equal("10.0.0.7", connected.Ip4Addr);
        Assert.Equal(WifiAuthMode.Wpa3Psk, connected.AuthMode);
        Assert.Equal("Café", connected.Ssid.ToStringUtf8());
        Assert.Equal(new byte[] { 9, 8, 7, 6, 5, 4 }, connected.Bssid.ToByteArray());
        Assert.Equal(149, connected.Channel);
    }

    [Fact]
    public void Status_only_replies_keep_their_oneof_member_even_when_empty()
    {
        var set = WiFiConfigPayload.Parser.ParseFrom(WifiConfigCodec.EncodeSetConfigResponse(StatusCode.Success));
        Assert.Equal(WiFiConfigPayload.PayloadOneofCase.RespSetConfig, set.PayloadCase);
        var apply = WiFiConfigPayload.Parser.ParseFrom(WifiConfigCodec.EncodeApplyConfigResponse(StatusCode.InvalidArgument));
        Assert.Equal(WiFiConfigPayload.PayloadOneofCase.RespApplyConfig, apply.PayloadCase);
        Assert.Equal(Status.InvalidArgument, apply.RespApplyConfig.Status);
        var start = WiFiScanPayload.Parser.ParseFrom(WifiScanCodec.EncodeScanStartResponse(StatusCode.Success));
        Assert.Equal(WiFiScanPayload.PayloadOneofCase.RespScanStart, start.PayloadCase);
        var reset = WiFiCtrlPayload.Parser.ParseFrom(WifiCtrlCodec.EncodeResponse(WifiCtrlMsgType.CmdCtrlReset, StatusCode.InternalError));
        Assert.Equal(WiFiCtrlMsgType.TypeRespCtrlReset, reset.Msg);
        Assert.Equal(WiFiCtrlPayload.PayloadOneofCase.RespCtrlReset, reset.PayloadCase);
        Assert.Equal(Status.InternalError, reset.Status);
    }

    [Fact]
    public void Scan_requests_written_by_google_decode()
    {
        var start = WifiScanCodec.DecodeRequest(new WiFiScanPayload { Msg = WiFiScanMsgType.TypeCmdScanStart, CmdScanStart = new CmdScanStart { Blocking = true, Passive = true, GroupChannels = 4, PeriodMs = 120 } }.ToByteArray());
        Assert.True(start.Blocking);
        Assert.True(start.Passive);
        Assert.Equal(4u, start.GroupChannels);
        Assert.Equal(120u, start.PeriodMs);

        var page = WifiScanCodec.DecodeRequest(new WiFiScanPayload { Msg = WiFiScanMsgType.TypeCmdScanResult, CmdScanResult = new CmdScanResult { StartIndex = 8, Count = 4 } }.ToByteArray());
        Assert.Equal(WifiScanMsgType.CmdScanResult, page.Msg);
        Assert.Equal(8u, page.StartIndex);
        Assert.Equal(4u, page.Count);
    }

    [Fact]
    public void Scan_results_encode_negative_rssi_and_every_field()
    {
        var aps = new[] { new WifiAccessPoint("A"u8.ToArray(), new byte[] { 1, 1, 1, 1, 1, 1 }, 13, -90, CoreAuth.Open), new WifiAccessPoint(Array.Empty<byte>(), new byte[6], 1, -1, CoreAuth.Wpa2Enterprise) };
        var parsed = WiFiScanPayload.Parser.ParseFrom(WifiScanCodec.EncodeScanResultResponse(StatusCode.Success, aps));
        Assert.Equal(2, parsed.RespScanResult.Entries.Count);
        Assert.Equal(-90, parsed.RespScanResult.Entries[0].Rssi);
        Assert.Equal(13u, parsed.RespScanResult.Entries[0].Channel);
        Assert.Equal(WifiAuthMode.Open, parsed.RespScanResult.Entries[0].Auth);
        Assert.Equal(WifiAuthMode.Wpa2Enterprise, parsed.RespScanResult.Entries[1].Auth);
        Assert.Equal(-1, parsed.RespScanResult.Entries[1].Rssi);
    }

    [Fact]
    public void Ctrl_requests_decode_by_msg()
    {
        Assert.Equal(WifiCtrlMsgType.CmdCtrlReset, WifiCtrlCodec.DecodeRequest(new WiFiCtrlPayload { Msg = WiFiCtrlMsgType.TypeCmdCtrlReset }.ToByteArray()));
        Assert.Equal(WifiCtrlMsgType.CmdCtrlReprov, WifiCtrlCodec.DecodeRequest(new WiFiCtrlPayload { Msg = WiFiCtrlMsgType.TypeCmdCtrlReprov, CmdCtrlReset = new CmdCtrlReset() }.ToByteArray()));
    }
}
