using System;
using Accessory.Core.Cloud.Json;
using Accessory.Core.Text;

namespace Accessory.Core.Provisioning;

/// <summary>
/// The JSON that Espressif's provisioning apps read from a QR code:
/// <c>{"ver":"v1","name":"PROV_A1B2C3","pop":"...","transport":"softap"}</c>; for security 2 the apps take
/// "username" and "password" from it where they support that. It holds the PoP or password by design (that is the
/// out-of-band channel), so it is shown to the user (display, label, terminal) and never written to logs. Firmware
/// and simulator print the same bytes.
/// </summary>
public sealed class ProvisioningQrPayload
{
    public const string SoftApTransport = "softap";
    public const string BleTransport = "ble";

    public ProvisioningQrPayload(string name, string transport, string? pop, string? username, string? password)
    {
        if (name == null || name.Length == 0)
        {
            throw new ArgumentException("the device name is required");
        }

        if (transport != SoftApTransport && transport != BleTransport)
        {
            throw new ArgumentException("transport must be '" + SoftApTransport + "' or '" + BleTransport + "', not '" + transport + "'");
        }

        Name = name;
        Transport = transport;
        Pop = pop;
        Username = username;
        Password = password;
    }

    public string Name { get; }

    public string Transport { get; }

    /// <summary>Security 1 proof of possession; null for security 0 or security 1 without PoP.</summary>
    public string? Pop { get; }

    /// <summary>Security 2 username.</summary>
    public string? Username { get; }

    /// <summary>Security 2 password.</summary>
    public string? Password { get; }

    public string ToJson()
    {
        var json = new JsonWriter().WriteString("ver", "v1").WriteString("name", Name);
        if (Username != null)
        {
            json.WriteString("username", Username);
        }

        if (Pop != null)
        {
            json.WriteString("pop", Pop);
        }

        if (Password != null)
        {
            json.WriteString("password", Password);
        }

        return Utf8.Decode(json.WriteString("transport", Transport).ToBytes());
    }
}
