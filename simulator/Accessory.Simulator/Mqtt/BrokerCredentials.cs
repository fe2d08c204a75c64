using System.Security.Cryptography;
using System.Text;
using Accessory.Core.Ports;
using Accessory.Core.Settings;

namespace Accessory.Simulator.Mqtt;

/// <summary>
/// The username and password the embedded broker requires and the device uses: the device id, and 128 random bits
/// generated once and kept in the settings (a secret: redacted, never logged).
/// </summary>
public sealed record BrokerCredentials(string Username, string Password)
{
    /// <summary>The settings key of the password (the ".secret" suffix makes it redacted everywhere).</summary>
    public const string PasswordKey = "broker.password.secret";

    /// <summary>The stored credentials, or new ones put into <paramref name="settings"/> (then <paramref name="created"/>: save them).</summary>
    public static BrokerCredentials LoadOrCreate(DeviceSettings settings, string deviceId, IRandom random, out bool created)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(random);
        string? password = settings.Contains(PasswordKey) ? settings.GetString(PasswordKey) : null;
        created = string.IsNullOrEmpty(password);
        if (created)
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            password = Convert.ToHexStringLower(bytes);
            settings.SetString(PasswordKey, password);
        }

        return new BrokerCredentials(deviceId, password!);
    }

    /// <summary>Whether a CONNECT carried these credentials; compares in constant time.</summary>
    public bool Accepts(string? username, string? password) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(username ?? string.Empty), Encoding.UTF8.GetBytes(Username))
        & CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password ?? string.Empty), Encoding.UTF8.GetBytes(Password));

    // Records print their members; the password must never reach a log that way.
    public override string ToString() => "BrokerCredentials { Username = " + Username + ", Password = <redacted> }";
}
