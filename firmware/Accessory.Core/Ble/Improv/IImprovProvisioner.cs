using Accessory.Core.Wifi;

namespace Accessory.Core.Ble.Improv;

/// <summary>Called once when a join attempt ended.</summary>
public delegate void ImprovJoinCallback(bool connected);

/// <summary>Called once with the networks a scan found (null or empty when none).</summary>
public delegate void ImprovScanCallback(WifiAccessPoint[]? networks);

/// <summary>
/// What Improv needs from the device: join a network (and keep the credentials when it worked) and scan. The body
/// may call back synchronously or later from its own thread.
/// </summary>
public interface IImprovProvisioner
{
    /// <summary>Raw bytes as the phone sent them: an SSID need not be UTF-8, and the passphrase is a secret never to log.</summary>
    void Join(byte[] ssid, byte[] passphrase, ImprovJoinCallback done);

    void Scan(ImprovScanCallback done);
}
