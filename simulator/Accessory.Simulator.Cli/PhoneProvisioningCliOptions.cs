using System.CommandLine;
using System.Text;
using Accessory.Phone;
using Accessory.Phone.Security;

namespace Accessory.Simulator.Cli;

/// <summary>
/// What `provision` (SoftAP/HTTP) and `ble provision` ask of the user as the phone: the network, the security level
/// and its secrets, the wait and where to keep the token; and the flow they both run with them, so the two differ
/// only in their transport.
/// </summary>
internal sealed class PhoneProvisioningCliOptions
{
    public Option<string> Ssid { get; } = new("--ssid") { Description = "Network to join.", Required = true };

    public Option<string> Passphrase { get; } = new("--passphrase") { Description = "Its passphrase (never printed).", DefaultValueFactory = _ => "" };

    public Option<int> Security { get; } = new("--sec") { Description = "Security: 0, 1 (PoP) or 2 (SRP, username/password).", DefaultValueFactory = _ => 2 };

    public Option<string?> Pop { get; } = new("--pop") { Description = "Proof of possession for --sec 1." };

    public Option<string> Username { get; } = new("--username") { Description = "sec2 username.", DefaultValueFactory = _ => "wifiprov" };

    public Option<string?> Password { get; } = new("--password") { Description = "sec2 password." };

    public Option<int> Timeout { get; } = new("--timeout") { Description = "Seconds to wait for the device's Wi-Fi outcome.", DefaultValueFactory = _ => 30 };

    public Option<FileInfo?> TokenFile { get; } = new("--token-file") { Description = "Save the device's local API access token here (created 0600); it is never printed." };

    /// <summary>In the order `--help` lists them.</summary>
    public IEnumerable<Option> All => [Ssid, Passphrase, Security, Pop, Username, Password, Timeout, TokenFile];

    /// <exception cref="ArgumentException">The security level or its secrets do not fit together.</exception>
    public ISecurityClient SecurityClient(ParseResult result) =>
        PhoneProvisioningFlow.Security(result.GetValue(Security), result.GetValue(Pop), result.GetValue(Username)!, result.GetValue(Password));

    /// <summary>Runs the flow over <paramref name="transport"/>, prints its lines and the outcome, and returns the exit code.</summary>
    public int Run(IProtocommTransport transport, ISecurityClient security, ParseResult result)
    {
        string outcome = PhoneProvisioningFlow.Run(transport, security, Encoding.UTF8.GetBytes(result.GetValue(Ssid)!), result.GetValue(Passphrase)!, TimeSpan.FromSeconds(result.GetValue(Timeout)), Say, result.GetValue(TokenFile));
        Console.Out.WriteLine($"outcome:   {outcome}");
        return PhoneProvisioningFlow.ExitCode(outcome);
    }

    private static void Say(string line)
    {
        if (line.StartsWith("error:", StringComparison.Ordinal))
        {
            Console.Error.WriteLine(line);
        }
        else
        {
            Console.Out.WriteLine(line);
        }
    }
}
