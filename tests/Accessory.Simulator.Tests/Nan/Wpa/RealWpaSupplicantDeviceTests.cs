using Accessory.Simulator.Nan;
using Accessory.Simulator.Nan.Wpa;
using Accessory.Simulator.Net;
using Accessory.Simulator.Platform;
using Accessory.Simulator.Radio;
using Accessory.Simulator.Tests.Net;
using Accessory.Simulator.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Accessory.Simulator.Tests.Nan.Wpa;

/// <summary>
/// The whole device with <c>--nan wpa-supplicant</c> against a real wpa_supplicant 2.10 (no NAN USD): the start must
/// stop with the adapter's message, in process and as `accessory-sim run` in the namespace.
/// </summary>
public sealed class RealWpaSupplicantDeviceTests
{
    [NamespaceFact]
    public async Task A_device_publishing_through_wpa_supplicant_2_10_fails_its_start_with_the_unsupported_message()
    {
        using var lan = LanSegment.Create("wpa");
        using var wpa = RealWpaSupplicant.Start(lan["wpa"]);
        using var data = new TempDirectory("accessory-wpa-device");
        var options = new DeviceOptions
        {
            DataDirectory = data.Path,
            RadioEnvironment = RadioEnvironment.LoadDefault().WithTiming(TimingModel.Fast),
            Nan = new NanOptions { InterfaceName = wpa.InterfaceName, WpaSupplicant = wpa.NanOptions() },
        };
        await using var device = new SimulatedDevice(options, NullLoggerFactory.Instance, new CryptoRandom());

        var e = await Assert.ThrowsAsync<WpaNanException>(async () => await device.StartAsync());

        Assert.Equal(Unsupported(wpa), e.Message);
    }

    [NamespaceFact]
    public void Accessory_sim_run_in_the_namespace_exits_2_printing_the_unsupported_message()
    {
        using var lan = LanSegment.Create("wpa");
        using var wpa = RealWpaSupplicant.Start(lan["wpa"]);
        using var data = new TempDirectory("accessory-wpa-cli");

        var run = lan["wpa"].Namespace.Run(
            "dotnet",
            [
                BuildPaths.SimulatorCli, "run", "--data-dir", data.Path, "--timing", "fast",
                "--nan-interface", wpa.InterfaceName, "--nan", WpaNanOptions.CliName, "--nan-wpa-ctrl", wpa.ControlDirectory,
            ],
            TimeSpan.FromSeconds(60));

        string output = run.StandardOutput + run.StandardError;
        Assert.True(run.ExitCode == 2, $"exit code {run.ExitCode}:\n{output}\nwpa_supplicant:\n{wpa.Transcript}");
        Assert.Contains("error: --nan wpa-supplicant: " + Unsupported(wpa), run.StandardError, StringComparison.Ordinal);
    }

    private static string Unsupported(RealWpaSupplicant wpa) =>
        "this wpa_supplicant or driver does not support NAN USD (NAN_PUBLISH answered 'UNKNOWN COMMAND' on " + wpa.InterfaceName + ")";
}
