using System.Globalization;
using System.Net;

namespace Accessory.Simulator.Net;

/// <summary>
/// A device namespace and a phone namespace joined by a veth pair, addressed like a real SoftAP:
/// device 192.168.4.1/24, phone 192.168.4.2/24. Dispose removes both (and with them the veth pair).
/// </summary>
public sealed class SoftApNetwork : IDisposable
{
    public static readonly IPAddress DeviceAddress = IPAddress.Parse("192.168.4.1");
    public static readonly IPAddress PhoneAddress = IPAddress.Parse("192.168.4.2");

    private SoftApNetwork(NetworkNamespace device, NetworkNamespace phone)
    {
        Device = device;
        Phone = phone;
    }

    public NetworkNamespace Device { get; }

    public NetworkNamespace Phone { get; }

    public static SoftApNetwork Create()
    {
        int n = NetworkNamespace.NextId();
        string stem = $"acc-{Environment.ProcessId}-{n}";

        // Interface names are limited to 15 bytes, so the veth ends get a compact form of the same unique stem.
        string suffix = Environment.ProcessId.ToString("x", CultureInfo.InvariantCulture) + "x" + n.ToString(CultureInfo.InvariantCulture);
        string deviceLink = "avd" + suffix;
        string phoneLink = "avp" + suffix;
        NetworkNamespace? device = null;
        NetworkNamespace? phone = null;
        try
        {
            device = NetworkNamespace.Create(stem + "-dev");
            phone = NetworkNamespace.Create(stem + "-phone");

            // Created directly inside the device namespace, so nothing is ever left on the host.
            IpCommand.Run("-n", device.Name, "link", "add", deviceLink, "type", "veth", "peer", "name", phoneLink, "netns", phone.Name);
            IpCommand.Run("-n", device.Name, "addr", "add", DeviceAddress + "/24", "dev", deviceLink);
            IpCommand.Run("-n", phone.Name, "addr", "add", PhoneAddress + "/24", "dev", phoneLink);
            IpCommand.Run("-n", device.Name, "link", "set", deviceLink, "up");
            IpCommand.Run("-n", phone.Name, "link", "set", phoneLink, "up");
            return new SoftApNetwork(device, phone);
        }
        catch
        {
            phone?.Dispose();
            device?.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Phone.Dispose();
        Device.Dispose();
    }
}
