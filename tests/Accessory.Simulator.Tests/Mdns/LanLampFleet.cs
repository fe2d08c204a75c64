using System.Globalization;
using Accessory.Core.Device;
using Accessory.Simulator.Mdns;
using Accessory.Simulator.Net;
using Accessory.Simulator.Platform;
using Accessory.TestKit;

namespace Accessory.Simulator.Tests.Mdns;

/// <summary>
/// A shared responder on a test LAN host advertising <c>count</c> online lamps, each its own instance
/// ("<c>{name} Lamp 0007</c>"), host ("<c>{name lower case}-lamp-0007</c>"), device id ("<c>dev000007</c>") and port (8000 + i).
/// </summary>
internal static class LanLampFleet
{
    public static SharedMdnsAdvertiser Open(LanHost host, string name, int count)
    {
        var fleet = SharedMdnsAdvertiser.Open(LanAdvertiserOptions.For(host), new SystemClock(), new CryptoRandom(), new RecordingLog());
        try
        {
            for (int i = 0; i < count; i++)
            {
                fleet.AddAccessory(Instance(name, i), DeviceId(i), 8000 + i, DeviceState.Online, hostLabel: HostLabel(name, i));
            }

            return fleet;
        }
        catch
        {
            fleet.Dispose();
            throw;
        }
    }

    /// <summary>Starts the fleet and fails the test unless every name is probed and announced within <paramref name="patience"/>.</summary>
    public static void StartAndWait(SharedMdnsAdvertiser fleet, TimeSpan patience)
    {
        fleet.Start();
        var deadline = DateTime.UtcNow + patience;
        while (!fleet.IsEstablished && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }

        Assert.True(fleet.IsEstablished, $"the fleet's names were not established within {patience.TotalSeconds} s");
    }

    public static string Instance(string name, int i) => name + " Lamp " + i.ToString("D4", CultureInfo.InvariantCulture);

    public static string HostLabel(string name, int i) => name.ToLowerInvariant() + "-lamp-" + i.ToString("D4", CultureInfo.InvariantCulture);

    public static string DeviceId(int i) => "dev" + i.ToString("X6", CultureInfo.InvariantCulture);
}
