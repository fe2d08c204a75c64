using System;
using Accessory.Core.Ports;

namespace Accessory.Core.Provisioning.Security;

/// <summary>Security 2: SRP-6a (3072-bit, SHA-512) authentication, then AES-256-GCM with patch 0 or 1 nonces.</summary>
public sealed class Sec2Scheme : SecuritySchemeBase
{
    private readonly ICryptoProvider _crypto;
    private readonly IRandom _random;
    private readonly SrpGroup _group;
    private readonly SrpCredentials _credentials;
    private readonly int _patchVersion;

    public Sec2Scheme(ICryptoProvider crypto, IRandom random, SrpGroup group, SrpCredentials credentials, int patchVersion)
    {
        if (patchVersion != 0 && patchVersion != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(patchVersion), "security 2 patch version must be 0 or 1");
        }

        _crypto = crypto ?? throw new ArgumentNullException(nameof(crypto));
        _random = random ?? throw new ArgumentNullException(nameof(random));
        _group = group ?? throw new ArgumentNullException(nameof(group));
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _patchVersion = patchVersion;
    }

    public override int Version => 2;

    public override int PatchVersion => _patchVersion;

    /// <summary>Security 2 always authenticates (username and password); proto-ver never reports "no_pop" for it.</summary>
    public override bool UsesProofOfPossession => true;

    protected override SecuritySession CreateSession(uint sessionId) =>
        new Sec2Session(sessionId, _crypto, _random, _group, _credentials, _patchVersion);
}
