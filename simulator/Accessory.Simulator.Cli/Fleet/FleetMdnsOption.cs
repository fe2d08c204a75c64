using Accessory.Simulator.Fleet;
using Accessory.Simulator.Mdns;

namespace Accessory.Simulator.Cli.Fleet;

/// <summary>Where the fleet advertises over mDNS: --mdns-interface, else the fleet file's `mdns`, else nowhere.</summary>
internal static class FleetMdnsOption
{
    /// <exception cref="ArgumentException">No such interface, no address on it, or a fleet too big to advertise.</exception>
    public static SharedAdvertiserOptions? Resolve(string? commandLine, FleetSpec spec)
    {
        string? name = commandLine ?? spec.Mdns?.Interface;
        if (name is null)
        {
            return null;
        }

        string what = commandLine is not null ? "--mdns-interface" : $"{spec.Mdns!.Origin}: mdns interface";
        if (spec.TotalDevices > FleetMdns.MaxDevices)
        {
            throw new ArgumentException($"{what}: mDNS advertises at most {FleetMdns.MaxDevices} devices per fleet, not {spec.TotalDevices}; run the rest in other processes without it");
        }

        return FleetMdnsInterface.Resolve(name, what);
    }
}
