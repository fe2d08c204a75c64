using System;
using Accessory.Core.Ports;
using Accessory.Core.Text;

namespace Accessory.Core.Provisioning.Security;

/// <summary>Makes security 2's salt and verifier from the manufacture username and password at device start.</summary>
public static class SrpCredentialsFactory
{
    public const int SaltLength = 16;

    /// <summary>
    /// The password is used once to derive the verifier and is not kept. The salt's first byte is never zero:
    /// esp_prov hashes the salt as a minimal big-endian integer, so a leading zero would break its proof.
    /// </summary>
    public static SrpCredentials Create(SrpGroup group, IRandom random, string username, string password)
    {
        if (group == null)
        {
            throw new ArgumentNullException(nameof(group));
        }

        if (random == null)
        {
            throw new ArgumentNullException(nameof(random));
        }

        if (password == null)
        {
            throw new ArgumentNullException(nameof(password));
        }

        var salt = new byte[SaltLength];
        random.NextBytes(salt);
        for (int attempt = 0; attempt < 16 && salt[0] == 0; attempt++)
        {
            random.NextBytes(salt);
        }

        if (salt[0] == 0)
        {
            salt[0] = 1;
        }

        return Create(group, username, password, salt);
    }

    /// <summary>Derives the verifier for a given salt (tests and factory provisioning that fix the salt).</summary>
    public static SrpCredentials Create(SrpGroup group, string username, string password, byte[] salt)
    {
        if (group == null)
        {
            throw new ArgumentNullException(nameof(group));
        }

        if (username == null || username.Length == 0)
        {
            throw new ArgumentException("SRP username must not be empty", nameof(username));
        }

        if (password == null || salt == null)
        {
            throw new ArgumentException("SRP password and salt are required");
        }

        byte[] passwordBytes = Utf8.Encode(password);
        byte[] x = group.PrivateKey(salt, Utf8.Encode(username), passwordBytes);
        SecurityBytes.Wipe(passwordBytes);
        byte[] verifier = group.Arithmetic.GeneratorPower(x);
        SecurityBytes.Wipe(x);
        return new SrpCredentials(username, SecurityBytes.Copy(salt), verifier);
    }
}
