using Accessory.Simulator.Fleet;
using Accessory.Simulator.Net;
using Accessory.Simulator.Tests.Mdns;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Fleet;

/// <summary>
/// `accessory-sim fleet --mdns-interface` as a real process: a clear error for an interface that is missing or has
/// no address; inside a test LAN, avahi-browse on a phone resolves every device and sees all of them leave on SIGTERM.
/// </summary>
public sealed class FleetMdnsCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public void A_missing_interface_is_refused_before_any_device_starts()
    {
        using var sim = ChildProcess.Run(BuildPaths.SimulatorCli, "fleet", "--count", "5", "--broker", "mqtt://127.0.0.1:1", "--mdns-interface", "nosuch0");

        Assert.Equal(2, sim.WaitForExit(Patience));
        Assert.Contains(sim.StderrLines, l => l.StartsWith("error: --mdns-interface: there is no network interface named 'nosuch0' (here: ", StringComparison.Ordinal));
        Assert.DoesNotContain(sim.StdoutLines, l => l.StartsWith("starting", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_interface_in_the_fleet_file_is_refused_with_file_and_line()
    {
        using var dir = new TempDirectory("fleet-mdns");
        string file = Path.Combine(dir.Path, "lab.yaml");
        File.WriteAllText(file, "groups:\n  - count: 5\nmdns:\n  interface: nosuch1\n");
        using var sim = ChildProcess.Run(BuildPaths.SimulatorCli, "fleet", "--file", file, "--broker", "mqtt://127.0.0.1:1");

        Assert.Equal(2, sim.WaitForExit(Patience));
        Assert.Contains(sim.StderrLines, l => l.StartsWith($"error: {file}:4: mdns interface: there is no network interface named 'nosuch1'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("groups:\n  - count: 5\nmdns: eth0\n", 3, "'mdns' must be a mapping")]
    [InlineData("groups:\n  - count: 5\nmdns:\n  iface: eth0\n", 4, "unknown key 'iface'; expected one of: interface")]
    [InlineData("groups:\n  - count: 5\nmdns: {}\n", 3, "missing 'interface'")]
    [InlineData("groups:\n  - count: 5\nmdns:\n  interface: a-very-long-interface-name\n", 4, "network interface name")]
    [InlineData("groups:\n  - count: 5\nmdns:\n  interface: 'eth 0'\n", 4, "network interface name")]
    public void A_bad_mdns_key_in_the_fleet_file_names_its_line(string yaml, int line, string problem)
    {
        var e = Assert.Throws<FleetFileException>(() => FleetFileLoader.Parse(yaml, "lab.yaml"));

        Assert.StartsWith($"lab.yaml:{line}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fleet_files_mdns_interface_is_read()
    {
        var spec = FleetFileLoader.Parse("groups:\n  - count: 5\nmdns:\n  interface: eth0\n", "lab.yaml");

        Assert.Equal("eth0", spec.Mdns!.Interface);
        Assert.Equal("lab.yaml:4", spec.Mdns.Origin);
    }

    [ZeroconfFact]
    public void An_interface_without_an_address_is_refused()
    {
        using var ns = NetworkNamespace.Create(NetworkNamespace.UniqueName("noaddr"));
        // A veth pair left down: the interface exists and has no address at all.
        var made = ProcessRunner.Run("ip", ["-n", ns.Name, "link", "add", "bare0", "type", "veth", "peer", "name", "bare1"], TimeSpan.FromSeconds(20));
        Assert.True(made.ExitCode == 0, made.StandardError);
        using var sim = new ChildProcess(BuildPaths.SimulatorCli, ["fleet", "--count", "5", "--broker", "embedded", "--mdns-interface", "bare0"], networkNamespace: ns.Name);

        Assert.Equal(2, sim.WaitForExit(Patience));
        Assert.Contains(sim.StderrLines, l => l.StartsWith("error: --mdns-interface: interface 'bare0' has no IPv4 or IPv6 link-local address", StringComparison.Ordinal));
    }

    [ZeroconfFact(NeedsAvahi = true)]
    public void Avahi_browse_resolves_every_device_of_the_fleet_process_and_sees_all_leave_on_sigterm()
    {
        const int count = 40;
        using var lan = LanSegment.Create("fleet", "phone");
        // The embedded broker listens on the fleet namespace's own loopback: nothing leaves the namespaces.
        using var sim = new ChildProcess(
            BuildPaths.SimulatorCli,
            [
            "fleet", "--count", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "--broker", "embedded",
            "--slice", "2", "--mdns-interface", lan["fleet"].InterfaceName,
            ],
            networkNamespace: lan["fleet"].Namespace.Name);
        Assert.True(sim.WaitForLine(l => l.StartsWith($"all {count} connected", StringComparison.Ordinal), Patience), sim.AllOutput);
        Assert.True(sim.WaitForLine(l => l.StartsWith($"mdns: all {count} instances established", StringComparison.Ordinal), Patience), sim.AllOutput);
        using var browser = AvahiBrowser.Start(lan["phone"], "_accessory._tcp");

        // --slice 2 of 40 devices: indexes 80..119.
        var ids = Enumerable.Range(80, count).Select(FleetDevice.DeviceIdOf).ToList();
        foreach (var id in ids)
        {
            var line = browser.WaitForResolved(FleetMdns.InstanceNameOf(id), "IPv4", TimeSpan.FromSeconds(60));
            Assert.True(line != null, $"{FleetMdns.InstanceNameOf(id)} not resolved:\n" + browser.Transcript);
            Assert.Equal(FleetMdns.HostLabelOf(id) + ".local", line![6]);
            // avahi-browse resolves the host on whichever family it likes; both are the fleet host's.
            Assert.Contains(line[7], new[] { lan["fleet"].IPv4.ToString(), lan["fleet"].IPv6LinkLocal.ToString() });
            Assert.Contains("\"id=" + id + "\"", line[9], StringComparison.Ordinal);
            Assert.Contains("\"state=online\"", line[9], StringComparison.Ordinal);
        }

        sim.Interrupt();

        Assert.Equal(0, sim.WaitForExit(Patience));

        Assert.Contains($"mdns: withdrawing {count} instances with goodbyes", sim.StdoutLines);
        foreach (var id in ids)
        {
            Assert.True(browser.WaitForRemoved(FleetMdns.InstanceNameOf(id), "IPv4", TimeSpan.FromSeconds(20)) != null, $"{FleetMdns.InstanceNameOf(id)} not removed:\n" + browser.Transcript);
        }
    }
}
