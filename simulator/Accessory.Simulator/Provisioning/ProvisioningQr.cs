using System.Text.Json;

namespace Accessory.Simulator.Provisioning;

/// <summary>
/// The JSON that Espressif's provisioning apps read from a QR code:
/// <c>{"ver":"v1","name":"PROV_A1B2C3","pop":"...","transport":"softap"}</c>; for security 2 the apps take
/// "username" and "password" from it where they support that. The payload holds the PoP or password by design
/// (that is the out-of-band channel), so it must be shown to the user and never written to logs.
/// </summary>
public sealed class ProvisioningQr
{
    public const string SoftApTransport = "softap";
    public const string BleTransport = "ble";

    public ProvisioningQr(string name, string transport)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(transport);
        if (transport != SoftApTransport && transport != BleTransport)
        {
            throw new ArgumentException($"transport must be '{SoftApTransport}' or '{BleTransport}', not '{transport}'", nameof(transport));
        }

        Name = name;
        Transport = transport;
    }

    public string Name { get; }

    public string Transport { get; }

    /// <summary>Security 1 proof of possession; null for security 0 or security 1 without PoP.</summary>
    public string? Pop { get; init; }

    /// <summary>Security 2 username.</summary>
    public string? Username { get; init; }

    /// <summary>Security 2 password.</summary>
    public string? Password { get; init; }

    public static ProvisioningQr ForSecurity1(string name, string? pop, string transport = SoftApTransport) =>
        new ProvisioningQr(name, transport) { Pop = string.IsNullOrEmpty(pop) ? null : pop };

    public static ProvisioningQr ForSecurity2(string name, string username, string password, string transport = SoftApTransport)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(password);
        return new ProvisioningQr(name, transport) { Username = username, Password = password };
    }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("ver", "v1");
            json.WriteString("name", Name);
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

            json.WriteString("transport", Transport);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The QR symbol of <see cref="ToJson"/>, quiet zone included: [row, column], true = dark module.</summary>
    public bool[,] ToModules() => QrModules.Encode(ToJson());

    /// <summary>The QR code as terminal text; see <see cref="TerminalQrRenderer"/>.</summary>
    public string ToTerminalText(bool darkBackgroundTerminal = true) => TerminalQrRenderer.Render(ToModules(), darkBackgroundTerminal);
}
