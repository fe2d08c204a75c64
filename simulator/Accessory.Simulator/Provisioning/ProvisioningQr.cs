using Accessory.Core.Provisioning;

namespace Accessory.Simulator.Provisioning;

/// <summary>
/// The QR code Espressif's provisioning apps scan (payload: <see cref="ProvisioningQrPayload"/>), drawn for a
/// terminal. It holds the PoP or password by design, so it is shown to the user and never written to logs.
/// </summary>
public sealed class ProvisioningQr
{
    public const string SoftApTransport = ProvisioningQrPayload.SoftApTransport;
    public const string BleTransport = ProvisioningQrPayload.BleTransport;

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

    /// <summary>The same credentials for another transport (the device offers SoftAP and BLE at once).</summary>
    public ProvisioningQr WithTransport(string transport) => new(Name, transport) { Pop = Pop, Username = Username, Password = Password };

    /// <summary>The payload's JSON, as the core builds it for firmware and simulator alike.</summary>
    public string ToJson() => new ProvisioningQrPayload(Name, Transport, Pop, Username, Password).ToJson();

    /// <summary>The QR symbol of <see cref="ToJson"/>, quiet zone included: [row, column], true = dark module.</summary>
    public bool[,] ToModules() => QrModules.Encode(ToJson());

    /// <summary>The QR code as terminal text; see <see cref="TerminalQrRenderer"/>.</summary>
    public string ToTerminalText(bool darkBackgroundTerminal = true) => TerminalQrRenderer.Render(ToModules(), darkBackgroundTerminal);
}
