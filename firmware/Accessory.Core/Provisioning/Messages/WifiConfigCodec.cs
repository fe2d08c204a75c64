using Accessory.Core.Provisioning;
using Accessory.Core.Protobuf;
using Accessory.Core.Text;


namespace Accessory.Core.Provisioning.Messages;

/// <summary>
/// wifi_config.proto (prov-config). Requests are dispatched on <c>msg</c> alone, because phone apps send e.g.
/// ApplyConfig as just {msg=4}; an unknown or response-typed msg is malformed input.
/// </summary>
public static class WifiConfigCodec
{
    private const int FieldMsg = 1;
    private const int FieldCmdSetConfig = 12;
    private const int FieldRespGetStatus = 11;
    private const int FieldRespSetConfig = 13;
    private const int FieldRespApplyConfig = 15;

    /// <summary>Decodes a request; throws <see cref="ProtoFormatException"/> for anything else.</summary>
    public static WifiConfigRequest DecodeRequest(byte[] data)
    {
        var reader = new ProtoReader(data);
        int msg = 0;
        byte[] ssid = new byte[0];
        byte[] passphrase = new byte[0];
        byte[] bssid = new byte[0];
        int channel = 0;
        while (reader.TryReadTag(out int field, out WireType wireType))
        {
            if (field == FieldMsg)
            {
                ProtoReader.Expect(field, wireType, WireType.Varint);
                msg = reader.ReadInt32();
            }
            else if (field == FieldCmdSetConfig)
            {
                ProtoReader.Expect(field, wireType, WireType.LengthDelimited);
                var nested = reader.ReadMessage();
                while (nested.TryReadTag(out int inner, out WireType innerType))
                {
                    switch (inner)
                    {
                        case 1:
                            ProtoReader.Expect(inner, innerType, WireType.LengthDelimited);
                            ssid = nested.ReadBytes();
                            break;
                        case 2:
                            ProtoReader.Expect(inner, innerType, WireType.LengthDelimited);
                            passphrase = nested.ReadBytes();
                            break;
                        case 3:
                            ProtoReader.Expect(inner, innerType, WireType.LengthDelimited);
                            bssid = nested.ReadBytes();
                            break;
                        case 4:
                            ProtoReader.Expect(inner, innerType, WireType.Varint);
                            channel = nested.ReadInt32();
                            break;
                        default:
                            nested.Skip(innerType);
                            break;
                    }
                }
            }
            else
            {
                // The empty command members (10, 14) and unknown fields carry nothing the device needs.
                reader.Skip(wireType);
            }
        }

        if (msg != (int)WifiConfigMsgType.CmdGetStatus && msg != (int)WifiConfigMsgType.CmdSetConfig && msg != (int)WifiConfigMsgType.CmdApplyConfig)
        {
            throw new ProtoFormatException("prov-config: msg " + msg + " is not a request type");
        }

        return new WifiConfigRequest((WifiConfigMsgType)msg, ssid, passphrase, bssid, channel);
    }

    public static byte[] EncodeGetStatusResponse(StatusCode status, StationStatus station)
    {
        var inner = new ProtoWriter()
            .WriteInt32(1, (int)status)
            .WriteInt32(2, (int)station.State);
        var body = new ByteBuilder(64);
        body.Append(inner.ToArray());
        if (station.State == StationState.ConnectionFailed)
        {
            body.Append(OneofScalar.Varint(10, (uint)station.FailReason));
        }
        else if (station.State == StationState.Connected && station.AccessPoint != null)
        {
            var ap = station.AccessPoint;
            var connected = new ProtoWriter()
                .WriteString(1, station.Ip4Address)
                .WriteInt32(2, (int)ScanAuth.Clamp(ap.Auth))
                .WriteBytes(3, ap.Ssid)
                .WriteBytes(4, ap.Bssid)
                .WriteInt32(5, ap.Channel);
            body.Append(new ProtoWriter().WriteMessage(11, connected).ToArray());
        }
        else if (station.State == StationState.Connecting && station.AttemptsRemaining >= 0)
        {
            var attempt = new ProtoWriter().WriteUInt32(1, (uint)station.AttemptsRemaining);
            body.Append(new ProtoWriter().WriteMessage(12, attempt).ToArray());
        }

        return new ProtoWriter()
            .WriteInt32(FieldMsg, (int)WifiConfigMsgType.RespGetStatus)
            .WriteMessage(FieldRespGetStatus, body.ToArray())
            .ToArray();
    }

    public static byte[] EncodeSetConfigResponse(StatusCode status) => EncodeStatusOnly(WifiConfigMsgType.RespSetConfig, FieldRespSetConfig, status);

    public static byte[] EncodeApplyConfigResponse(StatusCode status) => EncodeStatusOnly(WifiConfigMsgType.RespApplyConfig, FieldRespApplyConfig, status);

    private static byte[] EncodeStatusOnly(WifiConfigMsgType msg, int field, StatusCode status)
    {
        return new ProtoWriter()
            .WriteInt32(FieldMsg, (int)msg)
            .WriteMessage(field, new ProtoWriter().WriteInt32(1, (int)status))
            .ToArray();
    }
}
