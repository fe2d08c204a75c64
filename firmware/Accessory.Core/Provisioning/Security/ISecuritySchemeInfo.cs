namespace Accessory.Core.Provisioning.Security;

/// <summary>What proto-ver advertises about the security scheme.</summary>
public interface ISecuritySchemeInfo
{
    /// <summary>sec_ver: 0, 1 or 2.</summary>
    int SecurityVersion { get; }

    /// <summary>sec_patch_ver: the security 2 nonce mode (0 or 1); 0 for the other schemes.</summary>
    int PatchVersion { get; }

    /// <summary>False for security 1 without a proof of possession (proto-ver's "no_pop" capability) and for sec0.</summary>
    bool UsesProofOfPossession { get; }
}
