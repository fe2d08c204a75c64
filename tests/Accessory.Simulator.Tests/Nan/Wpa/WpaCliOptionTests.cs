using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Nan.Wpa;

/// <summary>`--nan-wpa-ctrl` mistakes are refused before the device starts, each with its own message.</summary>
public sealed class WpaCliOptionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("simulated", "/tmp", "--nan-wpa-ctrl only applies to --nan wpa-supplicant")]
    [InlineData("wpa-supplicant", "", "--nan-wpa-ctrl: needs a folder")]
    [InlineData("wpa-supplicant", "/tmp/a-folder-name-far-too-long-for-a-unix-socket-address-because-sun-path-holds-only-one-hundred-and-eight-bytes",
        "bytes a Unix socket path may have")]
    public void A_bad_control_folder_is_a_clear_error(string backend, string folder, string message)
    {
        using var dir = new TempDirectory();
        using var cli = ChildProcess.Run(
            BuildPaths.SimulatorCli, "run", "--data-dir", dir.Path, "--http-port", "0", "--nan-interface", "wlan-test", "--nan", backend, "--nan-wpa-ctrl", folder);

        Assert.Equal(2, cli.WaitForExit(Patience));
        Assert.Contains(cli.StderrLines, l => l.StartsWith("error: ", StringComparison.Ordinal) && l.Contains(message, StringComparison.Ordinal));
    }
}
