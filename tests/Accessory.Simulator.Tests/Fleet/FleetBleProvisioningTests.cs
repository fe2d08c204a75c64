using Accessory.Simulator.Fleet;
using Accessory.Simulator.Tests.Mqtt;
using Accessory.Simulator.Tests.Support;
using CoreLogLevel = Accessory.Core.Ports.LogLevel;

namespace Accessory.Simulator.Tests.Fleet;

/// <summary>
/// A provisioning group with `ble_socket_dir`: each unprovisioned device also serves ESP-IDF provisioning over the
/// virtual BLE link on its own Unix socket. `accessory-sim ble provision` (a process) provisions one device over its
/// socket, mosquitto_sub sees exactly that one come online, and the sockets are gone after the fleet stops.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FleetBleProvisioningTests
{
    private const string Pop = "fleet-ble-pop-4Kd";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task One_of_three_devices_provisioned_over_its_virtual_ble_socket_comes_online()
    {
        using var broker = new Mosquitto();
        using var sockets = new TempDirectory("fble");
        int portBase = FleetProvisioningTests.FreePortBlock(3);
        var spec = new FleetSpec
        {
            StartRate = 0,
            Groups =
            [
                new FleetGroup
                {
                    Name = "boxed",
                    Count = 3,
                    TelemetryEvery = TimeSpan.Zero,
                    Provisioning = new FleetProvisioning { HttpPortBase = portBase, Security = 1, ProofOfPossession = Pop, BleSocketDirectory = sockets.Path },
                },
            ],
        };
        using var live = new MosquittoRecorder(broker.Port, false, "accessory/+/availability");
        live.WaitUntilSubscribed();
        string[] paths;
        await using (var run = await FleetRun.CreateAsync(spec, broker.Uri, new FleetLog(CoreLogLevel.Warning, null)))
        {
            await run.StartAsync(CancellationToken.None);
            paths = [.. run.Devices.Select(d => d.Provisioning!.BleSocket!)];
            Assert.Equal(run.Devices.Select(d => Path.Combine(sockets.Path, d.DeviceId + ".sock")), paths);
            Assert.True(await Eventually.TrueAsync(() => paths.All(File.Exists), Patience), string.Join(", ", Directory.GetFiles(sockets.Path)));

            using (var phone = ChildProcess.Run(BuildPaths.SimulatorCli, "ble", "provision", "--socket", paths[1], "--sec", "1", "--pop", Pop, "--ssid", "HomeNetwork", "--passphrase", "correct horse battery"))
            {
                Assert.True(phone.WaitForExit(Patience) == 0, phone.AllOutput);
                Assert.Contains("outcome:   Connected", phone.StdoutLines);
            }

            string id = run.Devices[1].DeviceId;
            Assert.True(await Eventually.TrueAsync(() => live.Devices("/availability", p => p == "online").SetEquals([id]), Patience), live.Transcript);
            Assert.True(run.Devices[1].IsConnected);
            Assert.False(run.Devices[0].IsConnected || run.Devices[2].IsConnected);
            Assert.True(run.Devices[0].Provisioning is { State: "waiting", Listening: true });
        }

        Assert.DoesNotContain(paths, File.Exists);
    }

    [Fact]
    public void A_ble_socket_dir_that_is_not_a_folder_is_refused_at_its_line()
    {
        const string yaml = "groups:\n  - count: 2\n    provisioning:\n      http_port_base: 18000\n      security: 0\n      ble_socket_dir: /nonexistent-fleet-ble\n";
        var e = Assert.Throws<FleetFileException>(() => FleetFileLoader.Parse(yaml, "/tmp/lab.yaml"));
        Assert.Equal("/tmp/lab.yaml:6: ble_socket_dir: /nonexistent-fleet-ble is not a folder (create it first)", e.Message);
    }
}
