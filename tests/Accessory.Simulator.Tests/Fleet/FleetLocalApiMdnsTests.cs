using System.Globalization;
using Accessory.Simulator.Fleet;
using Accessory.Simulator.Net;
using Accessory.Simulator.Tests.Mdns;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Fleet;

/// <summary>
/// The mDNS SRV of a fleet device names the port its local API really listens on, and 0 (DNS-SD's "no service
/// here") for a device whose group has no local API: avahi-browse on a phone in a test LAN resolves both kinds, and
/// curl on the phone reaches the advertised port of a local-API device.
/// </summary>
public sealed class FleetLocalApiMdnsTests
{
    private const int ApiBase = 19000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [ZeroconfFact(NeedsAvahi = true)]
    public void Avahi_resolves_each_device_at_its_real_api_port_and_a_device_without_api_at_port_0()
    {
        using var lan = LanSegment.Create("fleet", "phone");
        using var dir = new TempDirectory("fleet-api-mdns");
        string file = Path.Combine(dir.Path, "lab.yaml");
        File.WriteAllText(file,
            "start_rate: 0\ngroups:\n" +
            "  - name: lamps\n    count: 3\n    telemetry: { every: off }\n    local_api: { https_port_base: " + ApiBase.ToString(CultureInfo.InvariantCulture) + ", bind: 0.0.0.0 }\n" +
            "  - name: dark\n    count: 2\n    telemetry: { every: off }\n");
        using var sim = new ChildProcess(
            BuildPaths.SimulatorCli,
            ["fleet", "--file", file, "--broker", "embedded", "--mdns-interface", lan["fleet"].InterfaceName],
            networkNamespace: lan["fleet"].Namespace.Name);
        Assert.True(sim.WaitForLine(l => l.StartsWith("all 5 connected", StringComparison.Ordinal), Patience), sim.AllOutput);
        Assert.True(sim.WaitForLine(l => l.StartsWith("mdns: all 5 instances established", StringComparison.Ordinal), Patience), sim.AllOutput);
        string? apiLine = sim.StdoutLines.FirstOrDefault(l => l.StartsWith("local api: group lamps: 3 devices", StringComparison.Ordinal));
        Assert.True(apiLine != null, sim.AllOutput);
        string ca = apiLine!.Split("certificate ", 2)[1].Split(' ', 2)[0];
        using var browser = AvahiBrowser.Start(lan["phone"], "_accessory._tcp");

        for (int i = 0; i < 5; i++)
        {
            string id = FleetDevice.DeviceIdOf(i);
            var line = browser.WaitForResolved(FleetMdns.InstanceNameOf(id), "IPv4", TimeSpan.FromSeconds(60));
            Assert.True(line != null, $"{FleetMdns.InstanceNameOf(id)} not resolved:\n" + browser.Transcript);
            int expected = i < 3 ? ApiBase + i : FleetMdns.NoApiPort;
            Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), line![8]);
            if (i < 3)
            {
                // The phone reaches the advertised port on the advertised address (naming it localhost, a name the
                // group certificate and the device's Host check both accept).
                string port = line[8];
                var info = ProcessRunner.Run("ip", ["netns", "exec", lan["phone"].Namespace.Name, "/usr/bin/curl", "--silent", "--show-error", "--max-time", "15",
                    "--cacert", ca, "--connect-to", $"localhost:{port}:{lan["fleet"].IPv4}:{port}", $"https://localhost:{port}/api/v1/info"], TimeSpan.FromSeconds(30));
                Assert.True(info.ExitCode == 0 && info.StandardOutput.Contains(id, StringComparison.Ordinal), info.StandardError + info.StandardOutput);
            }
        }

        sim.Interrupt();
        Assert.Equal(0, sim.WaitForExit(Patience));
    }
}
