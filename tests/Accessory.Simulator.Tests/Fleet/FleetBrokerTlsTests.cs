using System.Globalization;
using Accessory.Simulator.Fleet;
using Accessory.Simulator.Tests.Mqtt;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Fleet;

/// <summary>
/// `fleet --broker mqtts://` as a process against a real mosquitto TLS listener whose CA and certificates openssl
/// makes in the test: every device connects over TLS (seen online by mosquitto_sub on the broker's second, plain
/// listener) and its Will goes out on Ctrl+C; a missing, non-PEM or wrong-kind CA option is refused before any
/// device starts.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FleetBrokerTlsTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly TempDirectory _folder = new("fleet-mqtts");

    [Fact]
    public async Task Five_devices_connect_over_tls_with_the_broker_ca_and_their_wills_go_out_on_ctrl_c()
    {
        var certs = new TestCertificates(_folder.Path);
        int plain = FreePort.Next();
        using var broker = new Mosquitto(
            "cafile " + certs.CaCert + "\ncertfile " + certs.ServerCert + "\nkeyfile " + certs.ServerKey + "\n" +
            "listener " + plain.ToString(CultureInfo.InvariantCulture) + " 127.0.0.1\n");
        using var live = new MosquittoRecorder(plain, false, "accessory/+/availability");
        live.WaitUntilSubscribed();
        using var sim = ChildProcess.Run(BuildPaths.SimulatorCli, "fleet", "--count", "5", "--broker", "mqtts://127.0.0.1:" + broker.Port.ToString(CultureInfo.InvariantCulture), "--broker-ca", certs.CaCert, "--duration", "120");

        Assert.True(sim.WaitForLine(l => l.StartsWith("all 5 connected", StringComparison.Ordinal), Patience), sim.AllOutput);
        var ids = Enumerable.Range(0, 5).Select(FleetDevice.DeviceIdOf).ToHashSet(StringComparer.Ordinal);
        Assert.True(await Eventually.TrueAsync(() => live.Devices("/availability", p => p == "online").SetEquals(ids), Patience), live.Transcript);
        sim.Interrupt();
        Assert.Equal(0, sim.WaitForExit(Patience));
        Assert.True(await Eventually.TrueAsync(() => live.Devices("/availability", p => p == "offline").SetEquals(ids), Patience), live.Transcript);
    }

    [Fact]
    public void A_broker_signed_by_another_ca_is_not_connected_to()
    {
        var certs = new TestCertificates(_folder.Path);
        var other = new TestCertificates(_folder.Path, "other");
        using var broker = new Mosquitto("cafile " + certs.CaCert + "\ncertfile " + certs.ServerCert + "\nkeyfile " + certs.ServerKey + "\n");
        using var sim = ChildProcess.Run(BuildPaths.SimulatorCli, "fleet", "--count", "2", "--broker", "mqtts://127.0.0.1:" + broker.Port.ToString(CultureInfo.InvariantCulture), "--broker-ca", other.CaCert, "--duration", "6");

        Assert.Equal(1, sim.WaitForExit(Patience));
        Assert.Contains(sim.StdoutLines, l => l.StartsWith("connected 0/2 (ever connected 0/2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("missing", "--broker-ca: {dir}/nope.pem does not exist")]
    [InlineData("notpem", "--broker-ca: {dir}/notpem.pem holds no PEM certificate")]
    [InlineData("none", "an mqtts:// broker needs --broker-ca FILE")]
    [InlineData("plain", "--broker-ca is for an mqtts:// broker")]
    public void A_bad_or_missing_ca_is_refused_before_any_device_starts(string kind, string expected)
    {
        File.WriteAllText(Path.Combine(_folder.Path, "notpem.pem"), "just text, no certificate\n");
        string[] args = kind switch
        {
            "missing" => ["--broker", "mqtts://127.0.0.1:1", "--broker-ca", Path.Combine(_folder.Path, "nope.pem")],
            "notpem" => ["--broker", "mqtts://127.0.0.1:1", "--broker-ca", Path.Combine(_folder.Path, "notpem.pem")],
            "none" => ["--broker", "mqtts://127.0.0.1:1"],
            _ => ["--broker", "mqtt://127.0.0.1:1", "--broker-ca", Path.Combine(_folder.Path, "notpem.pem")],
        };
        using var sim = ChildProcess.Run(BuildPaths.SimulatorCli, ["fleet", "--count", "2", .. args]);

        Assert.Equal(2, sim.WaitForExit(Patience));
        Assert.Contains(sim.StderrLines, l => l.StartsWith("error: " + expected.Replace("{dir}", _folder.Path, StringComparison.Ordinal), StringComparison.Ordinal));
        Assert.DoesNotContain(sim.StdoutLines, l => l.StartsWith("starting", StringComparison.Ordinal));
    }

    [Fact]
    public void A_broker_ca_in_the_fleet_file_that_does_not_exist_is_refused_at_its_line()
    {
        string file = Path.Combine(_folder.Path, "lab.yaml");
        File.WriteAllText(file, "broker: mqtts://127.0.0.1:1\nbroker_ca: certs/ca.pem\ngroups:\n  - count: 2\n");
        var e = Assert.Throws<FleetFileException>(() => FleetFileLoader.Load(file));
        Assert.Equal($"{file}:2: broker_ca: {Path.Combine(_folder.Path, "certs", "ca.pem")} does not exist", e.Message);
    }

    public void Dispose() => _folder.Dispose();
}
