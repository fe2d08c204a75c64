using System.Net;
using Accessory.Core.Ble;
using Accessory.Simulator.Ble.Virtual;
using Accessory.Simulator.Platform;
using Accessory.Simulator.Provisioning;
using Accessory.Simulator.Radio;
using Accessory.Simulator.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Accessory.Simulator.Tests.Ble;

/// <summary>`accessory-sim ble provision` through the virtual link to the core's real provisioning service.</summary>
public class BleProvisioningTests
{
    private const string Pop = "ble-test-pop";
    private const string Passphrase = "correct horse battery";

    [Fact]
    public async Task Ble_provision_runs_the_whole_sec1_flow_and_never_prints_the_secrets()
    {
        using var dir = new TempDirectory("ble-provision");
        await using var device = await StartDeviceAsync(Path.Combine(dir.Path, "device"));
        var router = device.Provisioning!.Service.Router;
        var service = new GattService(BleUuid.Parse("021aff50-0382-4aea-bff4-6b3f1c5adfb4"));
        foreach (var endpoint in router.EndpointNamesInOrder())
        {
            var uuid = BleUuid.Parse("021aff50-0382-4aea-bff4-6b3f1c5adfb4").WithShortField(0xff51 + service.Characteristics.Length);
            service.Add(new GattCharacteristic(uuid, GattProperty.Read | GattProperty.Write, new ProtocommGattHandler(router, endpoint)).Describe(endpoint));
        }

        var database = new GattDatabase();
        database.Add(service);
        string socket = Path.Combine(dir.Path, "ble.sock");
        await using var server = new VirtualBleServer(new GattServer(database), TestGatt.Advertisement, socket, new RecordingLog());
        await server.StartAsync();

        using var cli = ChildProcess.Run(
            BuildPaths.SimulatorCli, "ble", "provision", "--socket", socket, "--ssid", "HomeNetwork", "--passphrase", Passphrase, "--sec", "1", "--pop", Pop);
        int exit = await Task.Run(() => cli.WaitForExit(TimeSpan.FromSeconds(60)));

        Assert.True(exit == 0, cli.AllOutput);
        Assert.Contains(cli.StdoutLines, l => l.StartsWith("proto-ver: {", StringComparison.Ordinal));
        Assert.Contains("session:   sec1 established", cli.StdoutLines);
        Assert.Contains("set-config: ssid \"HomeNetwork\" -> Success", cli.StdoutLines);
        Assert.Contains("status:    Connected", cli.StdoutLines);
        Assert.DoesNotContain(Passphrase, cli.AllOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(Pop, cli.AllOutput, StringComparison.Ordinal);
    }

    private static async Task<SimulatedDevice> StartDeviceAsync(string dataDirectory)
    {
        var options = new DeviceOptions
        {
            DataDirectory = dataDirectory,
            RadioEnvironment = RadioEnvironment.LoadDefault().WithTiming(new TimingModel("ble-test", 1, 1, 2)),
            SoftAp = new SoftApOptions
            {
                Security = 1,
                ProofOfPossession = Pop,
                BindAddress = IPAddress.Loopback,
                HttpPort = 0,
                ApplyDelayMilliseconds = 0,
            },
        };
        var device = new SimulatedDevice(options, NullLoggerFactory.Instance, new CryptoRandom());
        await device.StartAsync();
        return device;
    }
}
