using System;
using Accessory.Core.Ports;

namespace Accessory.Core.Provisioning.Security;

/// <summary>Security 1: X25519 key exchange, optional proof of possession, one AES-256-CTR stream per session.</summary>
public sealed class Sec1Scheme : SecuritySchemeBase
{
    private readonly ICryptoProvider _crypto;
    private readonly IRandom _random;
    private readonly byte[]? _popHash;

    /// <param name="proofOfPossession">The PoP bytes, or null/empty for security 1 without PoP ("no_pop").</param>
    public Sec1Scheme(ICryptoProvider crypto, IRandom random, byte[]? proofOfPossession)
    {
        _crypto = crypto ?? throw new ArgumentNullException(nameof(crypto));
        _random = random ?? throw new ArgumentNullException(nameof(random));

        // Only the hash is kept: it is all the handshake needs, and the PoP itself then never sits in memory.
        _popHash = proofOfPossession == null || proofOfPossession.Length == 0 ? null : crypto.Sha256(proofOfPossession);
    }

    public override int Version => 1;

    public override bool UsesProofOfPossession => _popHash != null;

    protected override SecuritySession CreateSession(uint sessionId) => new Sec1Session(sessionId, _crypto, _random, _popHash);
}
