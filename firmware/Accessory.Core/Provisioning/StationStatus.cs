using Accessory.Core.Provisioning.Messages;
using Accessory.Core.Wifi;

namespace Accessory.Core.Provisioning;

/// <summary>What prov-config's GetStatus reports: the station state and the detail that goes with it.</summary>
public sealed class StationStatus
{
    public StationStatus(StationState state, WifiFailReason failReason, WifiAccessPoint? accessPoint, string ip4Address, int attemptsRemaining)
    {
        State = state;
        FailReason = failReason;
        AccessPoint = accessPoint;
        Ip4Address = ip4Address;
        AttemptsRemaining = attemptsRemaining;
    }

    public StationState State { get; }

    /// <summary>Meaningful only when <see cref="State"/> is ConnectionFailed.</summary>
    public WifiFailReason FailReason { get; }

    /// <summary>The joined access point when <see cref="State"/> is Connected.</summary>
    public WifiAccessPoint? AccessPoint { get; }

    public string Ip4Address { get; }

    /// <summary>Retries left while Connecting, or -1 when no attempt has failed (no attempt_failed detail is sent).</summary>
    public int AttemptsRemaining { get; }

    public static StationStatus Connecting() => new StationStatus(StationState.Connecting, WifiFailReason.AuthError, null, string.Empty, -1);

    public static StationStatus Failed(WifiFailReason reason) => new StationStatus(StationState.ConnectionFailed, reason, null, string.Empty, -1);

    public static StationStatus Connected(WifiAccessPoint accessPoint, string ip4Address) => new StationStatus(StationState.Connected, WifiFailReason.AuthError, accessPoint, ip4Address, -1);
}
