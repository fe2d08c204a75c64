using Accessory.Simulator.Fleet;
using Accessory.Simulator.Mdns;

namespace Accessory.Simulator.Cli.Fleet;

/// <summary>Where the fleet advertises over mDNS: --mdns-interface, else the fleet file's `mdns`, else nowhere.</summary>
internal static class FleetMdnsOption
{
    /// <exception cref="ArgumentException">
    /// No such interface, no address on it, more advertised devices than one responder serves; or a group says
    /// `mdns: true` (named by its file:line) but the fleet has no interface, or every group says `mdns: false` while
    /// it has one: the file and the command line disagree, and guessing which one was meant would hide the mistake.
    /// </exception>
    public static SharedAdvertiserOptions? Resolve(string? commandLine, FleetSpec spec)
    {
        string? name = commandLine ?? spec.Mdns?.Interface;
        if (name is null)
        {
            if (spec.Groups.FirstOrDefault(g => g.Mdns == true) is { } wants)
            {
                throw new ArgumentException($"{wants.MdnsOrigin}: group '{wants.Name}' has mdns: true, but the fleet advertises on no interface; add the top-level mdns: {{ interface: IF }} or give --mdns-interface IF (or drop the group's mdns)");
            }

            return null;
        }

        string what = commandLine is not null ? "--mdns-interface" : $"{spec.Mdns!.Origin}: mdns interface";
        int advertised = spec.AdvertisedDevices;
        if (advertised == 0)
        {
            throw new ArgumentException($"{what}: every group has mdns: false, so there is nothing to advertise; set mdns: true (or remove mdns) in a group, or do not ask for an interface");
        }

        if (advertised > FleetMdns.MaxDevices)
        {
            throw new ArgumentException($"{what}: mDNS advertises at most {FleetMdns.MaxDevices} devices per fleet, not {advertised}; leave groups out with mdns: false or run the rest in other processes without it");
        }

        return FleetMdnsInterface.Resolve(name, what);
    }
}
