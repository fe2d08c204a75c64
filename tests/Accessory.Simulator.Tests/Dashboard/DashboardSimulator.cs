using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Accessory.Phone;
using Accessory.Phone.Protos;
using Accessory.Phone.Security;
using Accessory.Simulator.Tests.Faults;
using Accessory.Simulator.Tests.Mqtt;
using Accessory.Simulator.Tests.Support;
using Google.Protobuf;

namespace Accessory.Simulator.Tests.Dashboard;

/// <summary>
/// `accessory-sim run` as a child process on free ports (control, provisioning, local API over HTTPS and plain
/// HTTP, embedded broker), fast timing, security 1 with a known PoP; plus the phone-side calls the tests make.
/// </summary>
internal sealed partial class DashboardSimulator : IDisposable
{
    public const string Pop = "abcd1234";
    public const string HomeSsid = "HomeNetwork";
    public const string HomePassphrase = "correct horse battery";
    public const string HomeBssid = "24:0a:c4:10:00:01";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir;
    private readonly ChildProcess _cli;

    private DashboardSimulator(TempDirectory dir, ChildProcess cli, int controlPort)
    {
        _dir = dir;
        _cli = cli;
        ControlPort = controlPort;
    }

    public int ControlPort { get; }

    public string BaseUrl => "http://127.0.0.1:" + ControlPort.ToString(CultureInfo.InvariantCulture) + "/";

    public ChildProcess Cli => _cli;

    public string DataDirectory => _dir.Path;

    public static DashboardSimulator Start(params string[] extra)
    {
        var dir = new TempDirectory("accessory-dashboard");
        string[] args =
        [
            "run", "--data-dir", dir.Path, "--timing", "fast", "--sec", "1", "--pop", Pop,
            "--control-port", "0", "--http-port", "0", "--api-port", "0", "--api-http-port", "0", "--embedded-broker-port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            .. extra,
        ];
        var cli = ChildProcess.Run(BuildPaths.SimulatorCli, args);
        try
        {
            if (!cli.WaitForLine(l => l.StartsWith("ready", StringComparison.Ordinal), Patience))
            {
                throw new InvalidOperationException("the simulator did not get ready:\n" + cli.AllOutput);
            }

            var line = cli.StdoutLines.Single(l => l.StartsWith("dashboard:", StringComparison.Ordinal));
            int port = int.Parse(DashboardLine().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
            return new DashboardSimulator(dir, cli, port);
        }
        catch
        {
            cli.Dispose();
            dir.Dispose();
            throw;
        }
    }

    /// <summary>GET /status through curl, parsed.</summary>
    public JsonElement Status()
    {
        var (status, body) = Curl.Run(BaseUrl + "status");
        Assert.Equal(200, status);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    public int Port(string name) => Status().GetProperty("ports").GetProperty(name).GetInt32();

    /// <summary>The phone side: security 1 session, a blocking scan, credentials for the home network, the outcome.</summary>
    public RespGetStatus Provision(string passphrase = HomePassphrase)
    {
        using var phone = new ProvisioningHttpClient(new Uri("http://127.0.0.1:" + Port("provisioning").ToString(CultureInfo.InvariantCulture)));
        phone.Establish(new Sec1Client(System.Text.Encoding.UTF8.GetBytes(Pop)));
        var scan = new WiFiScanPayload { Msg = WiFiScanMsgType.TypeCmdScanStart, CmdScanStart = new CmdScanStart { Blocking = true } };
        phone.Call("prov-scan", scan.ToByteArray());
        phone.SetConfig(System.Text.Encoding.UTF8.GetBytes(HomeSsid), System.Text.Encoding.UTF8.GetBytes(passphrase));
        phone.ApplyConfig();
        return phone.WaitForOutcome(TimeSpan.FromSeconds(30));
    }

    /// <summary>The phone side over the virtual BLE link: security 1, credentials, the outcome.</summary>
    public async Task<RespGetStatus> ProvisionOverBleAsync()
    {
        await using var link = await Accessory.Phone.Ble.VirtualBleClient.ConnectAsync(System.IO.Path.Combine(DataDirectory, "ble.sock"));
        var phone = new ProvisioningClient(new Accessory.Phone.Ble.BleProtocommTransport(link));
        phone.Establish(new Sec1Client(System.Text.Encoding.UTF8.GetBytes(Pop)));
        phone.SetConfig(System.Text.Encoding.UTF8.GetBytes(HomeSsid), System.Text.Encoding.UTF8.GetBytes(HomePassphrase));
        phone.ApplyConfig();
        return phone.WaitForOutcome(TimeSpan.FromSeconds(30));
    }

    public void Dispose()
    {
        try
        {
            _cli.Interrupt();
            _cli.WaitForExit(TimeSpan.FromSeconds(20));
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            // Dispose below kills what is left.
        }

        _cli.Dispose();
        _dir.Dispose();
    }

    [GeneratedRegex(@"^dashboard: http://127\.0\.0\.1:(\d+)/")]
    private static partial Regex DashboardLine();
}
