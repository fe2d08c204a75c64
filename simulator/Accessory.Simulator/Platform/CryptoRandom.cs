using System.Security.Cryptography;
using Accessory.Core.Ports;

namespace Accessory.Simulator.Platform;

/// <summary>Random bytes from the operating system's CSPRNG.</summary>
public sealed class CryptoRandom : IRandom
{
    public void NextBytes(byte[] buffer) => RandomNumberGenerator.Fill(buffer);
}
