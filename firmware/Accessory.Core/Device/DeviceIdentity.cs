using System;
using Accessory.Core.Ports;
using Accessory.Core.Settings;
using Accessory.Core.Text;

namespace Accessory.Core.Device;

/// <summary>
/// Who the device is: its station MAC and the names derived from it the way ESP-IDF's examples do
/// (service name "PROV_" + the last three MAC bytes in upper-case hex).
/// </summary>
public sealed class DeviceIdentity
{
    public const string NamePrefix = "PROV_";

    private readonly byte[] _mac;

    public DeviceIdentity(byte[] mac)
    {
        if (mac == null || mac.Length != 6)
        {
            throw new ArgumentException("a MAC address has exactly 6 bytes");
        }

        _mac = new byte[6];
        Array.Copy(mac, _mac, 6);
    }

    /// <summary>Upper-case hex of the whole MAC, used as the device id in topics and TXT records.</summary>
    public string DeviceId => Hex.Encode(_mac);

    /// <summary>The advertised name, e.g. PROV_A1B2C3.</summary>
    public string DefaultName => NamePrefix + Hex.Encode(_mac, 3, 3);

    public byte[] Mac
    {
        get
        {
            var copy = new byte[6];
            Array.Copy(_mac, copy, 6);
            return copy;
        }
    }

    /// <summary>
    /// Returns the identity stored in <paramref name="settings"/>, creating one when there is none. A created MAC is
    /// random with the locally-administered bit set, so it can never collide with a vendor-assigned address.
    /// </summary>
    public static DeviceIdentity LoadOrCreate(DeviceSettings settings, IRandom random, out bool created)
    {
        var mac = settings.GetBytes(SettingKeys.DeviceMac);
        created = mac == null || mac.Length != 6;
        if (created)
        {
            mac = new byte[6];
            random.NextBytes(mac);
            mac[0] = (byte)((mac[0] & 0xFC) | 0x02);
            settings.SetBytes(SettingKeys.DeviceMac, mac);
        }

        return new DeviceIdentity(mac!);
    }
}
