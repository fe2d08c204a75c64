namespace Accessory.Simulator.Tls;

/// <summary>TLS protocol versions a simulated accessory can be limited to.</summary>
public enum TlsProtocolVersion
{
    Tls10,
    Tls11,
    Tls12,
    Tls13,
}
