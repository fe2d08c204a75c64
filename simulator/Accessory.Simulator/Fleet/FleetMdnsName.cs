namespace Accessory.Simulator.Fleet;

/// <summary>
/// The names a fleet device is advertised under right now: its instance label (`PROV_02F100000000`, the part before
/// `._accessory._tcp.local`) and its host name with `.local`. One immutable object per device, replaced only when a
/// conflict renames one of them, so a reader listing 10,000 devices makes no string per device.
/// </summary>
public sealed record FleetMdnsName(string Instance, string Host);
