namespace Accessory.Core.Nan;

/// <summary>An SDF payload (from the OUI on) heard from <paramref name="source"/>, a 6-byte MAC address.</summary>
public delegate void NanFrameHandler(byte[] source, byte[] payload);
