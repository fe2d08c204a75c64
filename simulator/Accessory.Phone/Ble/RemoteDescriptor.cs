namespace Accessory.Phone.Ble;

/// <summary>A descriptor as discovery reports it (0x2902 client configuration, 0x2901 user description, ...).</summary>
public sealed record RemoteDescriptor(int Handle, string Uuid);
