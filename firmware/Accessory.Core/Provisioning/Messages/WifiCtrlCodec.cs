using Accessory.Core.Protobuf;

namespace Accessory.Core.Provisioning.Messages;

/// <summary>wifi_ctrl.proto (prov-ctrl): the commands carry no fields, so a request is just its msg.</summary>
public static class WifiCtrlCodec
{
    private const int FieldMsg = 1;
    private const int FieldStatus = 2;
    private const int FieldRespCtrlReset = 12;
    private const int FieldRespCtrlReprov = 14;

    public static WifiCtrlMsgType DecodeRequest(byte[] data)
    {
        var reader = new ProtoReader(data);
        int msg = 0;
        while (reader.TryReadTag(out int field, out WireType wireType))
        {
            if (field == FieldMsg)
            {
                ProtoReader.Expect(field, wireType, WireType.Varint);
                msg = reader.ReadInt32();
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        if (msg != (int)WifiCtrlMsgType.CmdCtrlReset && msg != (int)WifiCtrlMsgType.CmdCtrlReprov)
        {
            throw new ProtoFormatException("prov-ctrl: msg " + msg + " is not a request type");
        }

        return (WifiCtrlMsgType)msg;
    }

    public static byte[] EncodeResponse(WifiCtrlMsgType request, StatusCode status)
    {
        bool reset = request == WifiCtrlMsgType.CmdCtrlReset;
        return new ProtoWriter()
            .WriteInt32(FieldMsg, reset ? (int)WifiCtrlMsgType.RespCtrlReset : (int)WifiCtrlMsgType.RespCtrlReprov)
            .WriteInt32(FieldStatus, (int)status)
            .WriteMessage(reset ? FieldRespCtrlReset : FieldRespCtrlReprov, new byte[0])
            .ToArray();
    }
}
