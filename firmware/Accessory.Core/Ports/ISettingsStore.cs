namespace Accessory.Core.Ports;

/// <summary>
/// The device's non-volatile storage for one settings image (NVS partition on the ESP32, a file in the simulator).
/// The core owns the format and its checksum (<see cref="Settings.SettingsCodec"/>); a store only has to make a
/// write atomic: after a power loss the medium holds either the previous image or the new one.
/// </summary>
public interface ISettingsStore
{
    /// <summary>Returns the stored image, or null when nothing was ever written.</summary>
    byte[]? Read();

    /// <summary>Replaces the stored image atomically and durably.</summary>
    void Write(byte[] image);

    /// <summary>
    /// Moves an unreadable image out of the way so the device can start fresh while keeping the evidence.
    /// Returns where it went (a path or a partition label) for the log.
    /// </summary>
    string MoveAside(string reason);
}
