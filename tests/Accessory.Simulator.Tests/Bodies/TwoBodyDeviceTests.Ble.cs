using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Accessory.Phone.Ble;
using Accessory.Simulator.Tests.Ble.Improv;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Bodies;

/// <summary>
/// The phone's BLE and event-stream cases on both bodies: `accessory-sim ble provision` (ESP-IDF protocomm over the
/// virtual BLE link the device prints on its "ble:" line), Improv Wi-Fi over the same link, and the local API's event
/// WebSocket. On the firmware body the link is served by the emulated nanoFramework.Device.Bluetooth stack from the
/// GATT database the firmware's own BleGattPublisher creates.
/// </summary>
public sealed partial class TwoBodyDeviceTests
{
    private static readonly TimeSpan BlePatience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("simulator")]
    [InlineData("firmware")]
    public void Provisions_over_ble_with_accessory_sim_ble_provision_and_then_serves_the_local_api(string body)
    {
        using var data = new TempDirectory();
        using var device = RunningBody.Start(body, data.Path);
        string socket = BleSocket(device);

        var (exit, output) = Cli("ble", "provision", "--socket", socket, "--ssid", "HomeNetwork", "--passphrase", "correct horse battery", "--sec", "1", "--pop", device.Pop);

        Assert.True(exit == 0, output + "\n" + device.Process.AllOutput);
        Assert.Contains("session:   sec1 established", output, StringComparison.Ordinal);
        Assert.Contains("outcome:   Connected", output, StringComparison.Ordinal);
        Assert.True(device.WaitForLog("-> online", RunningBody.Patience), device.Process.AllOutput);
        var (status, info) = device.Api("/api/v1/info");
        Assert.Equal(200, status);
        Assert.Contains("\"state\":\"online\"", info, StringComparison.Ordinal);
        device.Stop();
    }

    [Theory]
    [InlineData("simulator")]
    [InlineData("firmware")]
    public void A_wrong_proof_of_possession_over_ble_is_refused_and_ble_provisioning_still_works(string body)
    {
        using var data = new TempDirectory();
        using var device = RunningBody.Start(body, data.Path);
        string socket = BleSocket(device);

        var (exit, output) = Cli("ble", "provision", "--socket", socket, "--ssid", "HomeNetwork", "--passphrase", "correct horse battery", "--sec", "1", "--pop", "not-the-pop");

        Assert.True(exit != 0, output);
        Assert.DoesNotContain("outcome:   Connected", output, StringComparison.Ordinal);
        Assert.False(device.Process.HasExited, device.Process.AllOutput);
        var (again, second) = Cli("ble", "provision", "--socket", socket, "--ssid", "HomeNetwork", "--passphrase", "correct horse battery", "--sec", "1", "--pop", device.Pop);
        Assert.True(again == 0 && second.Contains("outcome:   Connected", StringComparison.Ordinal), second + "\n" + device.Process.AllOutput);
        device.Stop();
    }

    [Theory]
    [InlineData("simulator")]
    [InlineData("firmware")]
    public async Task Improv_over_ble_provisions_the_device_with_state_notifications(string body)
    {
        const byte AuthorizationRequired = 0x01;
        const byte Authorized = 0x02;
        const byte Provisioned = 0x04;
        using var data = new TempDirectory();
        using var device = RunningBody.Start(body, data.Path);
        await using var client = await VirtualBleClient.ConnectAsync(BleSocket(device));
        await client.ExchangeMtuAsync(185);
        await client.DiscoverAsync();
        var state = client.FindCharacteristic(ImprovPhone.StateUuid) ?? throw new InvalidOperationException("no Improv state characteristic");
        var command = client.FindCharacteristic(ImprovPhone.CommandUuid) ?? throw new InvalidOperationException("no Improv RPC characteristic");
        var result = client.FindCharacteristic(ImprovPhone.ResultUuid) ?? throw new InvalidOperationException("no Improv result characteristic");
        await client.SubscribeAsync(state.ValueHandle);
        await client.SubscribeAsync(result.ValueHandle);
        var seen = new List<string>();

        if ((await client.ReadAsync(state.ValueHandle)).Single() == AuthorizationRequired)
        {
            // The firmware asks for the BOOT button (a short press) before it takes credentials.
            Assert.Equal("firmware", body);
            using (var press = ChildProcess.Run(BuildPaths.SimulatorCli, "board", "button", "press", "--data-dir", data.Path))
            {
                Assert.True(press.WaitForExit(TimeSpan.FromSeconds(30)) == 0, press.AllOutput);
            }

            await ExpectNotification(client, state.ValueHandle, v => v.Length == 1 && v[0] == Authorized, seen, device);
        }

        await client.WriteAsync(command.ValueHandle, ImprovRpc.Provision("HomeNetwork", "correct horse battery"));

        await ExpectNotification(client, state.ValueHandle, v => v.Length == 1 && v[0] == Provisioned, seen, device);

        // The core notifies the RPC result before the Provisioned state, and once online the device ends BLE
        // provisioning and closes the link: take the result from its notification, as Improv clients do, not from a
        // read that races the close.
        string prefix = result.ValueHandle.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":";
        string notified = seen.LastOrDefault(n => n.StartsWith(prefix, StringComparison.Ordinal)) ?? throw new InvalidOperationException("no RPC result notified; seen: " + string.Join(", ", seen));
        var (resultCommand, _) = ImprovRpc.ParseResult(Convert.FromHexString(notified[prefix.Length..]));
        Assert.Equal(0x01, resultCommand);
        Assert.True(device.WaitForLog("-> online", RunningBody.Patience), device.Process.AllOutput);
        await client.DisposeAsync();
        device.Stop();
    }

    [Theory]
    [InlineData("simulator")]
    [InlineData("firmware")]
    public async Task The_event_websocket_sends_the_state_on_connect_and_pushes_a_change(string body)
    {
        using var data = new TempDirectory();
        using var device = RunningBody.Start(body, data.Path);
        string tokenFile = Path.Combine(data.Path, "phone.token");
        device.ProvisionHomeUntilOnline(tokenFile);
        string token = File.ReadAllText(tokenFile).Trim();
        var trusted = X509CertificateLoader.LoadCertificateFromFile(device.TrustFile);

        using var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, _) => Trusts(trusted, certificate);
        socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        using (var connect = new CancellationTokenSource(BlePatience))
        {
            await socket.ConnectAsync(new Uri(device.ApiBase.Replace("https://", "wss://", StringComparison.Ordinal) + "/api/v1/events"), connect.Token);
        }

        string first = await Receive(socket);
        Assert.Contains("\"type\":\"state\"", first, StringComparison.Ordinal);
        bool wasOn = first.Contains("\"on\":true", StringComparison.Ordinal);
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => Trusts(trusted, certificate) };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(device.ApiBase) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var put = await http.PutAsync(new Uri("/api/v1/state", UriKind.Relative), new StringContent(wasOn ? "{\"on\":false}" : "{\"on\":true}", Encoding.UTF8, "application/json"));
        Assert.True(put.IsSuccessStatusCode, $"PUT /api/v1/state: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");

        string pushed = await Receive(socket);
        Assert.Contains(wasOn ? "\"on\":false" : "\"on\":true", pushed, StringComparison.Ordinal);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        device.Stop();
    }

    /// <summary>The virtual BLE socket from the body's "ble:" line (both bodies print "... --socket PATH)").</summary>
    private static string BleSocket(RunningBody device)
    {
        string? line = device.Process.StdoutLines.FirstOrDefault(l => l.StartsWith("ble:", StringComparison.Ordinal));
        var match = Regex.Match(line ?? string.Empty, @"--socket (\S+)\)");
        Assert.True(match.Success, $"run --body {device.Body} serves no virtual BLE link:\n{device.Process.AllOutput}");
        return match.Groups[1].Value;
    }

    private static (int ExitCode, string Output) Cli(params string[] args)
    {
        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, args);
        int exit = cli.WaitForExit(RunningBody.Patience);
        return (exit, cli.AllOutput);
    }

    private static async Task ExpectNotification(VirtualBleClient client, int handle, Func<byte[], bool> match, List<string> seen, RunningBody device)
    {
        using var timeout = new CancellationTokenSource(BlePatience);
        try
        {
            while (true)
            {
                var notification = await client.Notifications.ReadAsync(timeout.Token);
                seen.Add($"{notification.ValueHandle}:{Convert.ToHexString(notification.Value)}");
                if (notification.ValueHandle == handle && match(notification.Value))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"no matching notification on handle {handle}; seen: {string.Join(", ", seen)}\n{device.Process.AllOutput}");
        }
    }

    private static bool Trusts(X509Certificate2 trusted, X509Certificate? presented)
    {
        if (presented is null)
        {
            return false;
        }

        using var leaf = new X509Certificate2(presented);
        if (leaf.RawData.AsSpan().SequenceEqual(trusted.RawData))
        {
            return true;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }

    private static async Task<string> Receive(ClientWebSocket socket)
    {
        var buffer = new byte[8192];
        var text = new StringBuilder();
        using var limit = new CancellationTokenSource(BlePatience);
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, limit.Token);
            Assert.NotEqual(WebSocketMessageType.Close, received.MessageType);
            text.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
            if (received.EndOfMessage)
            {
                return text.ToString();
            }
        }
    }
}
