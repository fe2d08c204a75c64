using Accessory.Core.Protobuf;
using Accessory.Core.Wifi;

namespace Accessory.Core.Provisioning.Messages;

/// <summary>wifi_scan.proto (prov-scan); dispatch is on <c>msg</c>, like prov-config.</summary>
public static class WifiScanCodec
{
    private const int FieldMsg = 1;
    private const int FieldStatus = 2;
    private const int FieldCmdScanStart = 10;
    private const int FieldRespScanStart = 11;
    private const int FieldRespScanStatus = 13;
    private const int FieldCmdScanResult = 14;
    private const int FieldRespScanResult = 15;

    public static WifiScanRequest DecodeRequest(byte[] data)
    {
        var reader = new ProtoReader(data);
        int msg = 0;
        bool blocking = false;
        bool passive = false;
        uint groupChannels = 0;
        uint periodMs = 0;
        uint startIndex = 0;
        uint count = 0;
        while (reader.TryReadTag(out int field, out WireType wireType))
        {
            if (field == FieldMsg)
            {
                ProtoReader.Expect(field, wireType, WireType.Varint);
                msg = reader.ReadInt32();
            }
            else if (field == FieldCmdScanStart)
            {
                ProtoReader.Expect(field, wireType, WireType.LengthDelimited);
                var nested = reader.ReadMessage();
                while (nested.TryReadTag(out int inner, out WireType innerType))
                {
                    if (inner >= 1 && inner <= 4)
                    {
                        ProtoReader.Expect(inner, innerType, WireType.Varint);
                    }

                    switch (inner)
                    {
                        case 1: blocking = nested.ReadBool(); break;
                        case 2: passive = nested.ReadBool(); break;
                        case 3: groupChannels = nested.ReadUInt32(); break;
                        case 4: periodMs = nested.ReadUInt32(); break;
                        default: nested.Skip(innerType); break;
                    }
                }
            }
            else if (field == FieldCmdScanResult)
            {
                ProtoReader.Expect(field, wireType, WireType.LengthDelimited);
                var nested = reader.ReadMessage();
                while (nested.TryReadTag(out int inner, out WireType innerType))
                {
                    if (inner == 1 || inner == 2)
                    {
                        ProtoReader.Expect(inner, innerType, WireType.Varint);
                    }

                    switch (inner)
                    {
                        case 1: startIndex = nested.ReadUInt32(); break;
                        case 2: count = nested.ReadUInt32(); break;
                        default: nested.Skip(innerType); break;
                    }
                }
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        if (msg != (int)WifiScanMsgType.CmdScanStart && msg != (int)WifiScanMsgType.CmdScanStatus && msg != (int)WifiScanMsgType.CmdScanResult)
        {
            throw new ProtoFormatException("prov-scan: msg " + msg + " is not a request type");
        }

        return new WifiScanRequest((WifiScanMsgType)msg, blocking, passive, groupChannels, periodMs, startIndex, count);
    }

    public static byte[] EncodeScanStartResponse(StatusCode status)
    {
        return Envelope(WifiScanMsgType.RespScanStart, status, FieldRespScanStart, new byte[0]);
    }

    public static byte[] EncodeScanStatusResponse(StatusCode status, bool finished, uint resultCount)
    {
        var inner = new ProtoWriter().WriteBool(1, finished).WriteUInt32(2, resultCount);
        return Envelope(WifiScanMsgType.RespScanStatus, status, FieldRespScanStatus, inner.ToArray());
    }

    public static byte[] EncodeScanResultResponse(StatusCode status, WifiAccessPoint[] entries)
    {
        var inner = new ProtoWriter();
        for (int i = 0; i < entries.Length; i++)
        {
            var ap = entries[i];
            var entry = new ProtoWriter()
                .WriteBytes(1, ap.Ssid)
                .WriteUInt32(2, ap.Channel < 0 ? 0 : (uint)ap.Channel)
                .WriteInt32(3, ap.Rssi)
                .WriteBytes(4, ap.Bssid)
                .WriteInt32(5, (int)ScanAuth.Clamp(ap.Auth));
            inner.WriteMessage(1, entry);
        }

        return Envelope(WifiScanMsgType.RespScanResult, status, FieldRespScanResult, inner.ToArray());
    }

    private static byte[] Envelope(WifiScanMsgType msg, StatusCode status, int field, byte[] payload)
    {
        return new ProtoWriter()
            .WriteInt32(FieldMsg, (int)msg)
            .WriteInt32(FieldStatus, (int)status)
            .WriteMessage(field, payload)
            .ToArray();
    }
}
