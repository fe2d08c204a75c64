using System.CommandLine;
using System.Text;
using Accessory.Phone;
using Accessory.Phone.Ble;
using Accessory.Phone.Protos;
using Accessory.Phone.Security;

namespace Accessory.Simulator.Cli;

/// <summary>
/// `accessory-sim ble provision`: the ESP-IDF flow over the virtual BLE link, step by step. The passphrase, PoP and
/// password are only ever sent, never printed.
/// </summary>
internal static class BleProvisionCommand
{
    public static Command Create()
    {
        var ssid = new Option<string>("--ssid") { Description = "Network to join.", Required = true };
        var passphrase = new Option<string>("--passphrase") { Description = "Its passphrase (never printed).", DefaultValueFactory = _ => "" };
        var security = new Option<int>("--sec") { Description = "Security: 0, 1 (PoP) or 2 (SRP, username/password).", DefaultValueFactory = _ => 2 };
        var pop = new Option<string?>("--pop") { Description = "Proof of possession for --sec 1." };
        var username = new Option<string>("--username") { Description = "sec2 username.", DefaultValueFactory = _ => "wifiprov" };
        var password = new Option<string?>("--password") { Description = "sec2 password." };
        var tokenFile = new Option<FileInfo?>("--token-file") { Description = "Save the device's local API access token here (created 0600); it is never printed." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the device's Wi-Fi outcome.", DefaultValueFactory = _ => 30 };
        var command = new Command("provision", "Provision Wi-Fi over BLE: proto-ver, security handshake, set config, apply, status.")
        {
            BleCliOptions.Socket, ssid, passphrase, security, pop, username, password, timeout, tokenFile,
        };
        command.SetAction((result, cancel) => BleCommand.WithClient(result, async client =>
        {
            ISecurityClient securityClient;
            try
            {
                securityClient = PhoneProvisioningFlow.Security(result.GetValue(security), result.GetValue(pop), result.GetValue(username)!, result.GetValue(password));
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return 2;
            }

            Console.Out.WriteLine($"connected: {client.Advertisement.LocalName} (MTU {client.Mtu})");
            // The flow is synchronous (as the security clients are); run it off the command's thread.
            return await Task.Run(() => Run(client, securityClient, result.GetValue(ssid)!, result.GetValue(passphrase)!, result.GetValue(timeout), result.GetValue(tokenFile)), cancel).ConfigureAwait(false);
        }, cancel));
        return command;
    }

    private static int Run(VirtualBleClient client, ISecurityClient security, string ssid, string passphrase, int timeoutSeconds, FileInfo? tokenFile)
    {
        // The same flow, lines, outcome words and exit codes as `accessory-sim provision` over HTTP (docs/qa.md).
        string outcome = PhoneProvisioningFlow.Run(new BleProtocommTransport(client), security, Encoding.UTF8.GetBytes(ssid), passphrase, TimeSpan.FromSeconds(timeoutSeconds), Say, tokenFile);
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
