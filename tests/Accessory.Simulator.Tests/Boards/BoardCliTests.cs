using Accessory.Simulator.Boards;
using Accessory.Simulator.Radio;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Boards;

/// <summary>accessory-sim run --board: the simulator runs as a board from hardware/boards.</summary>
[Collection(DefaultPortsGroup.Name)]
public class BoardCliTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void Run_with_a_board_says_which_and_starts()
    {
        using var dir = new TempDirectory();
        string board = Path.Combine(BuildPaths.RepoRoot, "hardware", "boards", "seeed-xiao-esp32s3.yaml");
        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "run", "--data-dir", dir.Path, "--board", board);

        Assert.True(cli.WaitForLine(l => l.StartsWith("ready", StringComparison.Ordinal), Patience), cli.AllOutput);
        cli.Interrupt();

        Assert.Equal(0, cli.WaitForExit(Patience));
        Assert.Contains(cli.StdoutLines, l => l == "board:    seeed-xiao-esp32s3 (esp32s3, Wi-Fi 2.4GHz, BLE 5.0)");
    }

    [Fact]
    public void Run_with_a_broken_board_file_is_a_clear_error_before_anything_starts()
    {
        using var dir = new TempDirectory();
        string board = Path.Combine(dir.Path, "typo.yaml");
        File.WriteAllText(board, File.ReadAllText(Path.Combine(BuildPaths.RepoRoot, "hardware", "boards", "esp32-devkitc.yaml")).Replace("button: 0 ", "buton: 0 ", StringComparison.Ordinal));
        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "run", "--data-dir", dir.Path, "--board", board);

        Assert.Equal(2, cli.WaitForExit(Patience));
        Assert.Contains(cli.StderrLines, l => l.StartsWith("error: " + board + ":", StringComparison.Ordinal) && l.Contains("unknown key 'buton'", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(dir.Path, "settings.bin")));
    }

    [Fact]
    public void A_board_with_5ghz_hears_5ghz_networks_and_a_2_4ghz_board_does_not()
    {
        var environment = RadioEnvironment.LoadDefault();
        var devkit = BoardLoader.Load(Path.Combine(BuildPaths.RepoRoot, "hardware", "boards", "esp32-devkitc.yaml"));
        var dualBand = BoardLoader.Parse(File.ReadAllText(Path.Combine(BuildPaths.RepoRoot, "hardware", "boards", "esp32-devkitc.yaml")).Replace("[\"2.4GHz\"]", "[\"2.4GHz\", \"5GHz\"]", StringComparison.Ordinal), "dual.yaml");

        // What each board's radio hears in a scan of the same environment, not only the flag the board sets.
        var heardByDevkit = ScannedSsids(devkit.ApplyTo(environment));
        var heardByDualBand = ScannedSsids(dualBand.ApplyTo(environment));
        Assert.DoesNotContain("Office5G", heardByDevkit);
        Assert.Contains("Office5G", heardByDualBand);
        Assert.Contains("HomeNetwork", heardByDevkit);
        Assert.Equal(heardByDevkit.Count + 1, heardByDualBand.Count);
        Assert.Equal(environment.AccessPoints.Count, devkit.ApplyTo(environment).AccessPoints.Count);
        Assert.Equal(environment.Device.SupportsWpa3, devkit.ApplyTo(environment).Device.SupportsWpa3);
    }

    private static List<string> ScannedSsids(RadioEnvironment environment)
    {
        var radio = new VirtualRadio(environment, new Accessory.Simulator.Platform.SystemClock(), new Accessory.Simulator.Platform.CryptoRandom());
        return radio.Scan().Select(ap => System.Text.Encoding.UTF8.GetString(ap.Ssid)).ToList();
    }
}
