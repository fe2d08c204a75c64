using System.Net;
using Accessory.Core.Text;
using Accessory.Simulator.Provisioning;
using Accessory.Simulator.Radio;

namespace Accessory.Simulator.Cli;

/// <summary>
/// The two banner lines a newcomer needs: what each provisioning credential is (the QR's "pop" field carries the sec2
/// password, which nobody guesses), and one command that provisions the device from a terminal, runnable as printed.
/// </summary>
internal static class NewcomerHints
{
    public static string Credentials(SoftApOptions options) => options.Security switch
    {
        0 => "none (security 0: anyone in range can provision)",
        1 when string.IsNullOrEmpty(options.ProofOfPossession) => "none (security 1 without proof of possession, \"no_pop\")",
        1 => $"security 1 proof of possession \"{options.ProofOfPossession}\" (the QR's \"pop\")",
        _ => $"security 2 username \"{options.Username}\", password \"{options.Password}\" (the QR's \"username\" and \"pop\": on sec2 \"pop\" is the password)",
    };

    /// <summary>The documented Python client with this device's address and credentials and a network of the virtual radio.</summary>
    public static string ProvisionCommand(SoftApOptions options, IPEndPoint endPoint, RadioEnvironment environment)
    {
        var host = endPoint.Address.Equals(IPAddress.Any) ? new IPEndPoint(IPAddress.Loopback, endPoint.Port) : endPoint;
        var command = $"/usr/bin/python3 docs/examples/provision.py --host {host} --sec {options.Security}";
        if (options.Security == 1 && !string.IsNullOrEmpty(options.ProofOfPossession))
        {
            command += " --pop " + Quote(options.ProofOfPossession);
        }
        else if (options.Security == 2)
        {
            command += " --username " + Quote(options.Username) + " --password " + Quote(options.Password);
        }

        var network = environment.AccessPoints.FirstOrDefault(ap => !ap.Hidden && ap.Band == WifiBand.Band24GHz && ap.Ssid.Length > 0 && IsPlainText(ap.Ssid));
        return network is null
            ? command + " --scan"
            : command + " --ssid " + Quote(Utf8.Decode(network.Ssid)) + (network.Password.Length > 0 ? " --passphrase " + Quote(network.Password) : string.Empty);
    }

    private static bool IsPlainText(byte[] ssid) => Utf8.IsValid(ssid) && ssid.All(b => b >= 0x20 && b < 0x7F);

    // POSIX shell single quotes: nothing inside is special except the quote itself.
    private static string Quote(string value) => value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':')
        ? value
        : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
