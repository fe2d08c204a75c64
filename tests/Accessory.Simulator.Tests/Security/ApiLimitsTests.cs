using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Accessory.Simulator.LocalApi;
using Accessory.Simulator.Tests.LocalApi;
using Accessory.Simulator.Tests.Mqtt;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Security;

/// <summary>
/// Abuse of the local API's connection handling: 1,000 event-stream upgrades, and a process whose file descriptors
/// run out. Each time the device must answer (or close) cleanly, stay up, and serve again afterwards.
/// </summary>
public class ApiLimitsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_thousand_websocket_upgrades_get_the_cap_and_503_and_the_api_keeps_serving()
    {
        await using var d = await LocalApiDevice.StartAsync();
        const int attempts = 1000;
        var sockets = new List<Socket>(attempts);
        var answers = new List<string>(attempts);
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            byte[] upgrade = Encoding.ASCII.GetBytes(
                "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + d.Token + "\r\nConnection: Upgrade\r\n" +
                "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
            for (int i = 0; i < attempts; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, d.HttpPort), limit.Token);
                await socket.SendAsync(upgrade, SocketFlags.None, limit.Token);
                answers.Add(await StatusLineAsync(socket, limit.Token));
            }

            Assert.Equal(LocalApiLimits.MaxWebSockets, answers.Count(a => a.StartsWith("HTTP/1.1 101 ", StringComparison.Ordinal)));
            Assert.Equal(attempts - LocalApiLimits.MaxWebSockets, answers.Count(a => a.StartsWith("HTTP/1.1 503 ", StringComparison.Ordinal)));
            using var client = d.CreateHttpsClient();
            using var state = await client.GetAsync(new Uri("/api/v1/state", UriKind.Relative), limit.Token);
            Assert.Equal(HttpStatusCode.OK, state.StatusCode);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }

        Assert.True(await LocalApiDevice.EventuallyAsync(() => d.Api.OpenConnections == 0), "connections left open: " + d.Api.OpenConnections);
    }

    [Fact]
    public async Task Running_out_of_file_descriptors_does_not_kill_the_process_and_it_serves_again_afterwards()
    {
        using var data = DeviceCloudEndToEndTests.ProvisionedDevice(out _);
        int api = FreePort.Next();
        int plain = FreePort.Next();
        using var cli = ChildProcess.Run(
            BuildPaths.SimulatorCli, "run", "--data-dir", data.Path, "--timing", "fast", "--no-cloud", "--no-provisioning",
            "--api-port", api.ToString(CultureInfo.InvariantCulture), "--api-http-port", plain.ToString(CultureInfo.InvariantCulture), "--control-port", "0");
        Assert.True(cli.WaitForLine(l => l.StartsWith("ready", StringComparison.Ordinal), Patience), cli.AllOutput);
        string token = ReadToken(data.Path);
        Assert.Equal(200, Get(plain, token));

        // Leave the process 64 descriptors to spare, then open far more connections than that.
        int open = Directory.GetFiles("/proc/" + cli.Pid + "/fd").Length;
        Run("/usr/bin/prlimit", "--pid", cli.Pid.ToString(CultureInfo.InvariantCulture), "--nofile=" + (open + 64).ToString(CultureInfo.InvariantCulture));
        var held = new List<Socket>();
        try
        {
            for (int i = 0; i < 150; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                held.Add(socket);
                socket.Connect(IPAddress.Loopback, plain);
            }

            // The device logs to stderr; WaitForLine watches stdout.
            Assert.True(await Eventually.TrueAsync(() => cli.AllOutput.Contains("near its file descriptor limit", StringComparison.Ordinal), Patience), "no EMFILE was hit:\n" + cli.AllOutput);
        }
        finally
        {
            foreach (var socket in held)
            {
                socket.Dispose();
            }
        }

        Assert.True(await Eventually.TrueAsync(() => Get(plain, token) == 200, Patience), "the API did not serve again:\n" + cli.AllOutput);
        Assert.False(cli.HasExited, cli.AllOutput);
        Assert.True(cli.AllOutput.Split('\n').Count(l => l.Contains("file descriptor limit", StringComparison.Ordinal)) <= 10, "shed connections were not rate limited:\n" + cli.AllOutput);
        cli.Interrupt();
        Assert.Equal(0, cli.WaitForExit(Patience));
    }

    private static async Task<string> StatusLineAsync(Socket socket, CancellationToken cancellation)
    {
        var buffer = new byte[512];
        var text = new StringBuilder();
        while (!text.ToString().Contains("\r\n", StringComparison.Ordinal))
        {
            int read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellation);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return text.ToString();
    }

    private static string ReadToken(string dataDirectory)
    {
        var settings = Accessory.Core.Settings.SettingsCodec.Decode(File.ReadAllBytes(Path.Combine(dataDirectory, "settings.bin")));
        return settings.GetString(Accessory.Core.Settings.SettingKeys.ApiToken)!;
    }

    private static int Get(int port, string token)
    {
        var result = Run("/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", "-H", "Authorization: Bearer " + token, "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture) + "/api/v1/state");
        return int.TryParse(result, NumberStyles.None, CultureInfo.InvariantCulture, out int status) ? status : 0;
    }

    private static string Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
