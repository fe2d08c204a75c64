namespace Accessory.Core.Provisioning.Messages;

/// <summary>A decoded prov-config request; the SetConfig fields are empty for the other message types.</summary>
public sealed class WifiConfigRequest
{
    public WifiConfigRequest(WifiConfigMsgType msg, byte[] ssid, byte[] passphrase, byte[] bssid, int channel)
    {
        Msg = msg;
        Ssid = ssid;
        Passphrase = passphrase;
        Bssid = bssid;
        Channel = channel;
    }

    public WifiConfigMsgType Msg { get; }

    public byte[] Ssid { get; }

    /// <summary>Secret: never log it.</summary>
    public byte[] Passphrase { get; }

    public byte[] Bssid { get; }

    public int Channel { get; }
}
