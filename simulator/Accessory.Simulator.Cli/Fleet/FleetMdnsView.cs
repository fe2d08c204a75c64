using System.Globalization;
using Accessory.Simulator.Fleet;

namespace Accessory.Simulator.Cli.Fleet;

/// <summary>
/// What the control API says about a device's mDNS advertising: whether it is on the LAN and under which names (the
/// shared responder's own, renames included), or why not. The names are read from <see cref="FleetMdns.NameOf"/>
/// rather than derived again, so /fleet says what a phone sees.
/// </summary>
internal static class FleetMdnsView
{
    public const string GroupLeftOut = "group mdns: false";

    // Short because a fleet that advertises nowhere repeats it in every device of /fleet: with the whole explanation
    // in each, 10,000 devices made 4.1 million characters instead of 3.5. The totals say once how to turn it on.
    public const string FleetNotAdvertising = "fleet not advertising";

    public const string HowToAdvertise = "fleet not advertising: neither --mdns-interface nor mdns: { interface } in the fleet file";

    // One object each for every device that is not advertised: a 10,000-device /fleet makes none of these per request.
    private static readonly object LeftOutJson = new { advertised = false, why = GroupLeftOut };
    private static readonly object NotAdvertisingJson = new { advertised = false, why = FleetNotAdvertising };

    /// <summary>The device's `mdns` object in /fleet.</summary>
    public static object Json(FleetRun run, FleetDevice device) =>
        run.Mdns is not { } mdns ? NotAdvertisingJson
        : mdns.NameOf(device) is { } name ? new { advertised = true, @interface = mdns.InterfaceName, instance = name.Instance, host = name.Host }
        : LeftOutJson;

    /// <summary>The top-level `mdns` object in /fleet: the totals.</summary>
    public static object TotalsJson(FleetRun run) =>
        run.Mdns is not { } mdns
            ? new { advertised = 0, not_advertised = run.Devices.Count, why = HowToAdvertise }
            : new { @interface = mdns.InterfaceName, advertised = mdns.AdvertisedDevices, not_advertised = run.Devices.Count - mdns.AdvertisedDevices, established = mdns.IsEstablished, renamed = mdns.RenamedDevices };

    /// <summary>The device's mdns cell on the page (plain text; the caller encodes it).</summary>
    public static string Cell(FleetRun run, FleetDevice device) =>
        run.Mdns is not { } mdns ? "no (" + FleetNotAdvertising + ")"
        : mdns.NameOf(device) is { } name ? name.Instance + " on " + name.Host
        : "no (" + GroupLeftOut + ")";

    /// <summary>The page's mdns line (plain text; the caller encodes it).</summary>
    public static string Line(FleetRun run) =>
        run.Mdns is not { } mdns
            ? "mDNS: " + HowToAdvertise
            : string.Create(CultureInfo.InvariantCulture,
                $"mDNS: {mdns.AdvertisedDevices} advertised on {mdns.InterfaceName}, {run.Devices.Count - mdns.AdvertisedDevices} not (group mdns: false); {(mdns.IsEstablished ? "every name established" : "names still being probed")}; {mdns.RenamedDevices} renamed after a conflict");
}
