using System.CommandLine;
using System.Text;
using Accessory.Phone;

namespace Accessory.Simulator.Cli;

/// <summary>
/// `accessory-sim provision --host HOST:PORT`: the ESP-IDF flow over SoftAP/HTTP from the phone-side library, with
/// the outcome words and exit codes of `ble provision`. Secrets are only ever sent, never printed.
/// </summary>
internal static class ProvisionCommand
{
    public static Command Create()
    {
        var host = new Option<string>("--host") { Description = "The device's provisioning address, HOST:PORT (192.168.4.1:80 on a real board's SoftAP).", Required = true };
        var ssid = new Option<string>("--ssid") { Description = "Network to join.", Required = true };
        var passphrase = new Option<string>("--passphrase") { Description = "Its passphrase (never printed).", DefaultValueFactory = _ => "" };
        var security = new Option<int>("--sec") { Description = "Security: 0, 1 (PoP) or 2 (SRP, username/password).", DefaultValueFactory = _ => 2 };
        var pop = new Option<string?>("--pop") { Description = "Proof of possession for --sec 1." };
        var username = new Option<string>("--username") { Description = "sec2 username.", DefaultValueFactory = _ => "wifiprov" };
        var password = new Option<string?>("--password") { Description = "sec2 password." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the device's Wi-Fi outcome.", DefaultValueFactory = _ => 30 };
        var tokenFile = new Option<FileInfo?>("--token-file") { Description = "Save the device's local API access token here (created 0600); it is never printed." };
        var command = new Command("provision", "Provision Wi-Fi over SoftAP/HTTP: proto-ver, security handshake, set config, apply, status. Exit 0 Connected, 1 any other outcome, 2 bad options.")
        {
            host, ssid, passphrase, security, pop, username, password, timeout, tokenFile,
        };
        command.SetAction(async (result, cancel) =>
        {
            Uri address;
            Accessory.Phone.Security.ISecurityClient client;
            try
            {
                address = Address(result.GetValue(host)!);
                client = PhoneProvisioningFlow.Security(result.GetValue(security), result.GetValue(pop), result.GetValue(username)!, result.GetValue(password));
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return 2;
            }

            using var transport = new HttpProtocommTransport(address);
            string outcome = await Task.Run(
                () => PhoneProvisioningFlow.Run(transport, client, Encoding.UTF8.GetBytes(result.GetValue(ssid)!), result.GetValue(passphrase)!, TimeSpan.FromSeconds(result.GetValue(timeout)), Say, result.GetValue(tokenFile)),
                cancel).ConfigureAwait(false);
            Console.Out.WriteLine($"outcome:   {outcome}");
            return PhoneProvisioningFlow.ExitCode(outcome);
        });
        return command;
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

    private static Uri Address(string host)
    {
        string text = host.Contains("://", StringComparison.Ordinal) ? host : "http://" + host;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/")
        {
            throw new ArgumentException($"--host '{host}' is not HOST:PORT (for example 127.0.0.1:8080 or 192.168.4.1:80)");
        }

        return uri;
    }
}
