using System;

namespace Accessory.Core.Provisioning.Security;

/// <summary>What a security 2 device keeps instead of the password: username, 16-byte salt and verifier v = g^x.</summary>
public sealed class SrpCredentials
{
    public SrpCredentials(string username, byte[] salt, byte[] verifier)
    {
        if (username == null || username.Length == 0)
        {
            throw new ArgumentException("SRP username must not be empty", nameof(username));
        }

        Username = username;
        Salt = salt ?? throw new ArgumentNullException(nameof(salt));
        Verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
    }

    public string Username { get; }

    public byte[] Salt { get; }

    public byte[] Verifier { get; }
}
