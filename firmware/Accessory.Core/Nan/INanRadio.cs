namespace Accessory.Core.Nan;

/// <summary>
/// The Wi-Fi Aware transport: sends and hears Service Discovery Frame payloads (OUI 50-6F-9A, type 0x13,
/// attributes). The firmware backs it with the ESP32 NAN driver, the simulator with a shared medium; the frame
/// header, channel and timing of discovery windows stay below this port.
/// </summary>
public interface INanRadio
{
    /// <summary>This device's 6-byte NAN interface address.</summary>
    byte[] Address { get; }

    /// <summary>Sends one SDF payload to <paramref name="destination"/> or <see cref="NanAddress.Broadcast"/>.</summary>
    void Send(byte[] destination, byte[] payload);

    /// <summary>Raised for every SDF heard, including broadcasts; never for this device's own frames.</summary>
    event NanFrameHandler FrameReceived;
}
