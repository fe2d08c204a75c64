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
                securityClient = Security(result.GetValue(security), result.GetValue(pop), result.GetValue(username)!, result.GetValue(password));
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
        var flow = new ProvisioningClient(new BleProtocommTransport(client));
        try
        {
            Console.Out.WriteLine($"proto-ver: {flow.ProtoVersion()}");
            flow.Establish(security);
            Console.Out.WriteLine($"session:   sec{security.SecurityVersion} established");
            if (tokenFile is not null)
            {
                // Before the config: once the device has joined its network it ends provisioning.
                SaveToken(tokenFile, flow.GetAccessToken());
                Console.Out.WriteLine($"api-token: saved to {tokenFile.FullName} (send it as Authorization: Bearer)");
            }

            var set = flow.SetConfig(Encoding.UTF8.GetBytes(ssid), Encoding.UTF8.GetBytes(passphrase));
            Console.Out.WriteLine($"set-config: ssid \"{ssid}\" -> {set.Status}");
            var apply = flow.ApplyConfig();
            Console.Out.WriteLine($"apply-config: {apply.Status}");
            var outcome = flow.WaitForOutcome(TimeSpan.FromSeconds(timeoutSeconds));
            string detail = outcome.StaState == WifiStationState.ConnectionFailed ? $" ({outcome.FailReason})" : "";
            Console.Out.WriteLine($"status:    {outcome.StaState}{detail}");
            return outcome.StaState == WifiStationState.Connected ? 0 : 1;
        }
        catch (Exception e) when (e is SecurityClientException or InvalidOperationException or Google.Protobuf.InvalidProtocolBufferException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static void SaveToken(FileInfo file, string token)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(file.FullName, options);
        stream.Write(Encoding.ASCII.GetBytes(token + "\n"));
    }

    private static ISecurityClient Security(int level, string? pop, string username, string? password) => level switch
    {
        0 => new Sec0Client(),
        1 => new Sec1Client(pop == null ? null : Encoding.UTF8.GetBytes(pop)),
        2 => new Sec2Client(username, password ?? throw new ArgumentException("--sec 2 needs --password"), 1),
        _ => throw new ArgumentException($"--sec must be 0, 1 or 2, not {level}"),
    };
}
