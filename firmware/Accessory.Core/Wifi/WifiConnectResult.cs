namespace Accessory.Core.Wifi;

/// <summary>The end of a join attempt: connected (with the AP and an IPv4 address) or failed with a reason.</summary>
public sealed class WifiConnectResult
{
    private WifiConnectResult(bool connected, WifiFailReason reason, WifiAccessPoint? accessPoint, string ip4Address)
    {
        Connected = connected;
        FailReason = reason;
        AccessPoint = accessPoint;
        Ip4Address = ip4Address;
    }

    public bool Connected { get; }

    public WifiFailReason FailReason { get; }

    public WifiAccessPoint? AccessPoint { get; }

    public string Ip4Address { get; }

    public static WifiConnectResult Success(WifiAccessPoint accessPoint, string ip4Address) => new WifiConnectResult(true, WifiFailReason.AuthError, accessPoint, ip4Address);

    public static WifiConnectResult Failure(WifiFailReason reason) => new WifiConnectResult(false, reason, null, string.Empty);
}
