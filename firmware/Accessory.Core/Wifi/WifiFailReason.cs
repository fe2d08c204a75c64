namespace Accessory.Core.Wifi;

/// <summary>Why a join failed, with ESP-IDF's WifiConnectFailedReason numbers.</summary>
public enum WifiFailReason
{
    AuthError = 0,
    NetworkNotFound = 1,
}
