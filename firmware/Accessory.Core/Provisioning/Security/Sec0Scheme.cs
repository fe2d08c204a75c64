namespace Accessory.Core.Provisioning.Security;

/// <summary>
/// Security 0: no handshake secrets, no encryption. A session is usable as soon as it is open (ESP-IDF's sec0 has
/// no cipher, so endpoints answer before the optional S0 handshake that phone apps still perform).
/// </summary>
public sealed class Sec0Scheme : SecuritySchemeBase
{
    public override int Version => 0;

    public override bool UsesProofOfPossession => false;

    protected override SecuritySession CreateSession(uint sessionId) => new Sec0Session(sessionId);
}
