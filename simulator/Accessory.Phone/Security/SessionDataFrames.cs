using Accessory.Phone.Protos;
using Google.Protobuf;

namespace Accessory.Phone.Security;

/// <summary>Wraps and unwraps SessionData for the test clients.</summary>
public static class SessionDataFrames
{
    public static byte[] Wrap(Sec0Payload payload) =>
        new SessionData { SecVer = SecSchemeVersion.SecScheme0, Sec0 = payload }.ToByteArray();

    public static byte[] Wrap(Sec1Payload payload) =>
        new SessionData { SecVer = SecSchemeVersion.SecScheme1, Sec1 = payload }.ToByteArray();

    public static byte[] Wrap(Sec2Payload payload) =>
        new SessionData { SecVer = SecSchemeVersion.SecScheme2, Sec2 = payload }.ToByteArray();

    public static SessionData Unwrap(byte[] response, SecSchemeVersion expected, SessionData.ProtoOneofCase expectedCase)
    {
        SessionData data;
        try
        {
            data = SessionData.Parser.ParseFrom(response);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new SecurityClientException("malformed SessionData reply", e);
        }

        if (data.SecVer != expected || data.ProtoCase != expectedCase)
        {
            throw new SecurityClientException("reply is " + data.SecVer + "/" + data.ProtoCase + ", expected " + expected + "/" + expectedCase);
        }

        return data;
    }
}
