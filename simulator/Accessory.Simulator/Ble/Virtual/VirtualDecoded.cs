namespace Accessory.Simulator.Ble.Virtual;

/// <summary>A decoded frame body: exactly one of a request or an error.</summary>
public sealed record VirtualDecoded(VirtualRequest? Request, VirtualFrameError? Error);
