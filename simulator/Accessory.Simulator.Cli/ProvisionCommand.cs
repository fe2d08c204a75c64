using System.CommandLine;
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
        var phone = new PhoneProvisioningCliOptions();
        var command = new Command("provision", "Provision Wi-Fi over SoftAP/HTTP: proto-ver, security handshake, set config, apply, status. Exit 0 Connected, 1 any other outcome, 2 bad options.")
        {
            host,
        };
        foreach (var option in phone.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancel) =>
        {
            Uri address;
            Accessory.Phone.Security.ISecurityClient client;
            try
            {
                address = Address(result.GetValue(host)!);
                client = phone.SecurityClient(result);
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return 2;
            }

            using var transport = new HttpProtocommTransport(address);
            return await Task.Run(() => phone.Run(transport, client, result), cancel).ConfigureAwait(false);
        });
        return command;
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
