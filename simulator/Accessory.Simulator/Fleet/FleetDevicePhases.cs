namespace Accessory.Simulator.Fleet;

/// <summary>
/// Stopwatch timestamps of one device's way to its first connection (0 for a phase not reached yet), so a bench
/// can say which step a slow fleet start waits in.
/// </summary>
public readonly record struct FleetDevicePhases(long Started, long Online, long ConnectRequested, long HandshakeBegun, long Connected);
