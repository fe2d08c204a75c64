namespace Accessory.Simulator.Tests.Ble.BlueZ;

/// <summary>A manager call the fake org.bluez received, and the error it answered with (null when it succeeded).</summary>
internal sealed record FakeBluezCall(string Member, string ObjectPath, string Sender, string? Error);
