namespace Accessory.Simulator.Events;

/// <summary>
/// One entry of a device's event stream. <see cref="Kind"/> is one of state, provisioning, fault, radio,
/// log; <see cref="Component"/> names the part that spoke (localapi, mdns, mqtt, ble, ...). Field names are part of
/// the control API (docs/dashboard.md), so scripts may rely on them.
/// </summary>
public sealed record DeviceEvent(long Id, DateTimeOffset Time, string Kind, string Level, string Component, string Message);
