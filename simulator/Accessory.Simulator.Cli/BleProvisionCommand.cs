using System.CommandLine;
using Accessory.Phone.Ble;
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
        var phone = new PhoneProvisioningCliOptions();
        var command = new Command("provision", "Provision Wi-Fi over BLE: proto-ver, security handshake, set config, apply, status.")
        {
            BleCliOptions.Socket,
        };
        foreach (var option in phone.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((result, cancel) => BleCommand.WithClient(result, async client =>
        {
            ISecurityClient securityClient;
            try
            {
                securityClient = phone.SecurityClient(result);
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return 2;
            }

            Console.Out.WriteLine($"connected: {client.Advertisement.LocalName} (MTU {client.Mtu})");
            // The flow is synchronous (as the security clients are); run it off the command's thread. The same flow,
            // lines, outcome words and exit codes as `accessory-sim provision` over HTTP (docs/qa.md).
            return await Task.Run(() => phone.Run(new BleProtocommTransport(client), securityClient, result), cancel).ConfigureAwait(false);
        }, cancel));
        return command;
    }
}
