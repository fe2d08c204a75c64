using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Ble;

/// <summary>`accessory-sim ble provision` through the virtual link to a whole simulated device.</summary>
public class BleProvisioningTests
{
    private const string Pop = "ble-test-pop";
    private const string Passphrase = "correct horse battery";

    [Fact]
    public async Task Ble_provision_runs_the_whole_sec1_flow_and_never_prints_the_secrets()
    {
        await using var ble = await BleDevice.StartAsync(BleDevice.Provisioning(1, Pop));

        using var cli = ChildProcess.Run(
            BuildPaths.SimulatorCli, "ble", "provision", "--socket", ble.Socket, "--ssid", "HomeNetwork", "--passphrase", Passphrase, "--sec", "1", "--pop", Pop);
        int exit = await Task.Run(() => cli.WaitForExit(TimeSpan.FromSeconds(60)));

        Assert.True(exit == 0, cli.AllOutput);
        Assert.Contains(cli.StdoutLines, l => l.StartsWith("proto-ver: {", StringComparison.Ordinal));
        Assert.Contains("session:   sec1 established", cli.StdoutLines);
        Assert.Contains("set-config: ssid \"HomeNetwork\" -> Success", cli.StdoutLines);
        Assert.Contains("status:    Connected", cli.StdoutLines);
        Assert.DoesNotContain(Passphrase, cli.AllOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(Pop, cli.AllOutput, StringComparison.Ordinal);
        Assert.Equal("HomeNetwork"u8.ToArray(), ble.Device.Settings.GetBytes(Accessory.Core.Settings.SettingKeys.WifiSsid));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Ble_provision_saves_the_access_token_0600_and_never_prints_it()
    {
        await using var ble = await BleDevice.StartAsync(BleDevice.Provisioning(1, Pop));
        using var dir = new TempDirectory();
        string tokenFile = Path.Combine(dir.Path, "token");

        using var cli = ChildProcess.Run(
            BuildPaths.SimulatorCli, "ble", "provision", "--socket", ble.Socket, "--ssid", "HomeNetwork", "--passphrase", Passphrase, "--sec", "1", "--pop", Pop, "--token-file", tokenFile);
        int exit = await Task.Run(() => cli.WaitForExit(TimeSpan.FromSeconds(60)));

        Assert.True(exit == 0, cli.AllOutput);
        Assert.Contains(cli.StdoutLines, l => l.StartsWith("api-token: saved to ", StringComparison.Ordinal));
        Assert.Equal(ble.Device.ApiToken.Value + "\n", File.ReadAllText(tokenFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
        Assert.DoesNotContain(ble.Device.ApiToken.Value, cli.AllOutput, StringComparison.Ordinal);
    }
}
