namespace Accessory.Core.Mdns;

/// <summary>Where one advertised name is in the RFC 6762 8 sequence.</summary>
internal enum MdnsRegistrationState
{
    Idle = 0,
    Probing = 1,
    Announcing = 2,
    Established = 3,
}
