using System.Text.Json;
using System.Text.RegularExpressions;
using Accessory.Simulator.Fleet;
using Accessory.Simulator.Net;
using Accessory.Simulator.Tests.Mdns;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Fleet;

/// <summary>
/// A fleet group's `mdns: true|false`: a group left out is not on the LAN at all (python3-zeroconf on a phone in a
/// test LAN finds exactly the advertised groups' devices), the command's mdns lines count only advertised devices,
/// and a bad value, a group asking for mDNS in a fleet without an interface, or a fleet whose every group opts out
/// are refused with file:line before any device starts. The control API (curl inside the fleet's namespace) says
/// per device whether it is advertised and under the names the phone resolved, or why not, and the totals; after a
/// name conflict it gives the names the responder picked, which are the ones the phone finds.
/// </summary>
public sealed partial class FleetGroupMdnsTests
{
    private const string ServiceType = "_accessory._tcp.local.";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("groups:\n  - count: 5\n    mdns: yes\n", 3, "a group's 'mdns' must be true (advertise its devices) or false (leave them out of mDNS), not 'yes'")]
    [InlineData("groups:\n  - count: 5\n    mdns: off\n", 3, "must be true (advertise its devices) or false (leave them out of mDNS), not 'off'")]
    [InlineData("groups:\n  - count: 5\n    mdns: 0\n", 3, "not '0'")]
    [InlineData("groups:\n  - count: 5\n    mdns:\n", 3, "not empty")]
    [InlineData("groups:\n  - count: 5\n    mdns: [eth0]\n", 3, "not a list")]
    [InlineData("groups:\n  - count: 5\n    mdns:\n      interface: eth0\n", 4, "a group's 'mdns' is true or false; the interface is set once for the whole fleet, in the top-level mdns: { interface: IF } or with --mdns-interface")]
    [InlineData("groups:\n  - count: 5\n  - count: 5\n    mdsn: false\n", 4, "unknown key 'mdsn'")]
    public void A_bad_group_mdns_value_names_its_line(string yaml, int line, string problem)
    {
        var e = Assert.Throws<FleetFileException>(() => FleetFileLoader.Parse(yaml, "lab.yaml"));

        Assert.Equal(line, e.Line);
        Assert.StartsWith($"lab.yaml:{line}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_groups_mdns_is_read_with_its_line_and_only_opted_in_groups_count_as_advertised()
    {
        var spec = FleetFileLoader.Parse("groups:\n  - name: a\n    count: 2\n  - name: b\n    count: 3\n    mdns: false\n  - name: c\n    count: 4\n    mdns: true\n", "lab.yaml");

        Assert.Equal(new bool?[] { null, false, true }, spec.Groups.Select(g => g.Mdns));
        Assert.Equal(new[] { string.Empty, "lab.yaml:6", "lab.yaml:9" }, spec.Groups.Select(g => g.MdnsOrigin));
        Assert.Equal(6, spec.AdvertisedDevices);
        Assert.Equal(9, spec.TotalDevices);
    }

    [Fact]
    public void A_group_asking_for_mdns_in_a_fleet_without_an_interface_is_refused_with_file_and_line()
    {
        using var dir = new TempDirectory("fleet-group-mdns");
        string file = Path.Combine(dir.Path, "lab.yaml");
        File.WriteAllText(file, "groups:\n  - name: quiet\n    count: 2\n  - name: lamps\n    count: 3\n    mdns: true\n");
        using var sim = ChildProcess.Run(BuildPaths.SimulatorCli, "fleet", "--file", file, "--broker", "mqtt://127.0.0.1:1");

        Assert.Equal(2, sim.WaitForExit(Patience));
        Assert.Contains($"error: {file}:6: group 'lamps' has mdns: true, but the fleet advertises on no interface; add the top-level mdns: {{ interface: IF }} or give --mdns-interface IF (or drop the group's mdns)", sim.StderrLines);
        Assert.DoesNotContain(sim.StdoutLines, l => l.StartsWith("fleet ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_fleet_whose_every_group_opts_out_is_refused_when_told_to_advertise()
    {
        using var dir = new TempDirectory("fleet-group-mdns");
        string file = Path.Combine(dir.Path, "lab.yaml");
        File.WriteAllText(file, "mdns: { interface: nosuch2 }\ngroups:\n  - count: 2\n    mdns: false\n");
        // The interface is not looked up: the contradiction is reported first, and nothing touches the network.
        using var sim = ChildProcess.Run(BuildPaths.SimulatorCli, "fleet", "--file", file, "--broker", "mqtt://127.0.0.1:1");

        Assert.Equal(2, sim.WaitForExit(Patience));
        Assert.Contains($"error: {file}:1: mdns interface: every group has mdns: false, so there is nothing to advertise; set mdns: true (or remove mdns) in a group, or do not ask for an interface", sim.StderrLines);
    }

    [Theory]
    // 10,001 advertised: over the one-responder limit, although the fleet is within the process's.
    [InlineData("  - count: 10001\n  - count: 5\n    mdns: false\n", "--mdns-interface: mDNS advertises at most 10000 devices per fleet, not 10001; leave groups out with mdns: false")]
    // 12,000 left out and 5 advertised: within the limit, so the next check (the interface) is the one that fails.
    [InlineData("  - count: 12000\n    mdns: false\n  - count: 5\n", "--mdns-interface: there is no network interface named 'nosuch3'")]
    public void The_mdns_device_limit_counts_only_advertised_devices(string groups, string error)
    {
        using var dir = new TempDirectory("fleet-group-mdns");
        string file = Path.Combine(dir.Path, "lab.yaml");
        File.WriteAllText(file, "groups:\n" + groups);
        using var sim = ChildProcess.Run(BuildPaths.SimulatorCli, "fleet", "--file", file, "--broker", "mqtt://127.0.0.1:1", "--mdns-interface", "nosuch3");

        Assert.Equal(2, sim.WaitForExit(Patience));
        Assert.Contains(sim.StderrLines, l => l.StartsWith("error: " + error, StringComparison.Ordinal));
    }

    [ZeroconfFact]
    public void A_phone_finds_exactly_the_advertised_groups_devices_and_none_of_the_group_left_out()
    {
        using var lan = LanSegment.Create("fleet", "phone");
        using var dir = new TempDirectory("fleet-group-mdns");
        string file = Path.Combine(dir.Path, "lab.yaml");
        // Indexes 0-1 follow the fleet (no key), 2-3 opt out, 4 opts in: the group left out sits between the others,
        // so "the first N devices" would not pass for "the advertised ones".
        File.WriteAllText(file,
            "start_rate: 0\nmdns: { interface: " + lan["fleet"].InterfaceName + " }\ngroups:\n" +
            "  - name: lamps\n    count: 2\n    telemetry: { every: off }\n" +
            "  - name: hidden\n    count: 2\n    telemetry: { every: off }\n    mdns: false\n" +
            "  - name: plugs\n    count: 1\n    telemetry: { every: off }\n    mdns: true\n");
        string[] advertised = [.. new[] { 0, 1, 4 }.Select(i => FleetMdns.InstanceNameOf(FleetDevice.DeviceIdOf(i)) + "." + ServiceType)];
        string[] leftOut = [.. new[] { 2, 3 }.Select(i => FleetMdns.InstanceNameOf(FleetDevice.DeviceIdOf(i)) + "." + ServiceType)];

        // The embedded broker listens on the fleet namespace's own loopback: nothing leaves the namespaces.
        using var sim = new ChildProcess(BuildPaths.SimulatorCli, ["fleet", "--file", file, "--broker", "embedded", "--control-port", "0"], networkNamespace: lan["fleet"].Namespace.Name);
        Assert.True(sim.WaitForLine(l => l.StartsWith("all 5 connected", StringComparison.Ordinal), Patience), sim.AllOutput);
        Assert.True(sim.WaitForLine(l => l.StartsWith("mdns: all ", StringComparison.Ordinal), Patience), sim.AllOutput);

        // The client re-sends its PTR query (about 1, 2, 4, 8 s apart) and a browse answer lists every instance the
        // responder has, so by the end of the browse a device of the left-out group would have been reported.
        var resolved = new Dictionary<string, BrowseEvent>(StringComparer.Ordinal);
        using (var browser = ZeroconfBrowser.Start(lan["phone"].Namespace, ServiceType, TimeSpan.FromSeconds(10)))
        {
            foreach (string name in advertised)
            {
                var e = browser.WaitFor(e => e.IsResolved && e.Instance == name, TimeSpan.FromSeconds(30));
                Assert.True(e != null, $"{name} not resolved:\n" + browser.Transcript);
                Assert.Equal("online", e!.Txt["state"]);
                resolved[name] = e;
            }

            Assert.True(browser.WaitFor(e => e.Kind == "done", TimeSpan.FromSeconds(30)) != null, "the browse did not end:\n" + browser.Transcript);
            var seen = browser.Events.Where(e => e.Instance != null).Select(e => e.Instance!).ToHashSet(StringComparer.Ordinal);
            Assert.True(!seen.Overlaps(leftOut), "the phone saw devices of the group with mdns: false:\n" + browser.Transcript);
            Assert.True(seen.SetEquals(advertised), "the phone saw other instances than the advertised groups' devices:\n" + browser.Transcript);
        }

        var output = sim.StdoutLines;
        Assert.Contains(output, l => l.StartsWith($"mdns: 3 devices advertised on {lan["fleet"].InterfaceName} through one responder", StringComparison.Ordinal) && l.EndsWith($"(first: {FleetMdns.InstanceNameOf(FleetDevice.DeviceIdOf(0))} on {FleetMdns.HostLabelOf(FleetDevice.DeviceIdOf(0))}.local)", StringComparison.Ordinal));
        Assert.Contains("mdns: not advertised (mdns: false): group hidden (2 devices)", output);
        Assert.Contains(output, l => l.StartsWith("mdns: all 3 instances established", StringComparison.Ordinal));

        // The control API answers on the fleet namespace's loopback, so curl runs there; the phone resolved the names.
        string control = ControlAddress().Match(output.First(l => l.StartsWith("control: http://", StringComparison.Ordinal))).Value;
        string iface = lan["fleet"].InterfaceName;
        using (var fleet = JsonDocument.Parse(Curl(lan, control, "/fleet")))
        {
            var devices = fleet.RootElement.GetProperty("devices").EnumerateArray().ToArray();
            Assert.Equal(5, devices.Length);
            foreach (int i in new[] { 0, 1, 4 })
            {
                // Instance and host as the phone resolved them, not a second derivation of the device id.
                var phone = resolved[FleetMdns.InstanceNameOf(FleetDevice.DeviceIdOf(i)) + "." + ServiceType];
                string instance = phone.Instance![..^("." + ServiceType).Length];
                string host = phone.Host!.TrimEnd('.');
                Assert.Equal($$"""{"advertised":true,"interface":"{{iface}}","instance":"{{instance}}","host":"{{host}}"}""", devices[i].GetProperty("mdns").GetRawText());
            }

            Assert.All(new[] { 2, 3 }, i => Assert.Equal("""{"advertised":false,"why":"group mdns: false"}""", devices[i].GetProperty("mdns").GetRawText()));
            Assert.Equal($$"""{"interface":"{{iface}}","advertised":3,"not_advertised":2,"established":true,"renamed":0}""", fleet.RootElement.GetProperty("mdns").GetRawText());
        }

        string page = Curl(lan, control, "/");
        Assert.Contains($"<p id=\"mdns\">mDNS: 3 advertised on {iface}, 2 not (group mdns: false); every name established; 0 renamed after a conflict</p>", page, StringComparison.Ordinal);
        foreach (int i in new[] { 0, 1, 4 })
        {
            string id = FleetDevice.DeviceIdOf(i);
            Assert.Matches($"<tr><td>{id}</td>(<td>[^<]*</td>){{7}}<td>PROV_{id} on prov-{id.ToLowerInvariant()}\\.local</td></tr>", page);
        }

        Assert.All(new[] { 2, 3 }, i => Assert.Matches($"<tr><td>{FleetDevice.DeviceIdOf(i)}</td><td>hidden</td>(<td>[^<]*</td>){{6}}<td>no \\(group mdns: false\\)</td></tr>", page));

        sim.Interrupt();
        Assert.Equal(0, sim.WaitForExit(Patience));
        Assert.Contains("mdns: withdrawing 3 instances with goodbyes", sim.StdoutLines);
    }

    [ZeroconfFact]
    public async Task The_control_api_gives_the_names_a_conflict_made_the_responder_pick()
    {
        using var lan = LanSegment.Create("fleet", "other", "phone");
        using var dir = new TempDirectory("fleet-group-mdns");
        string file = Path.Combine(dir.Path, "lab.yaml");
        File.WriteAllText(file, "start_rate: 0\nmdns: { interface: " + lan["fleet"].InterfaceName + " }\ngroups:\n  - name: lamps\n    count: 2\n    telemetry: { every: off }\n");
        string id = FleetDevice.DeviceIdOf(1);

        // Another accessory on the LAN already holds device 1's instance name and (derived from it) its host name.
        await using var other = await AdvertisedDevice.StartAsync(lan["other"], FleetMdns.InstanceNameOf(id));
        Assert.True(SpinWait.SpinUntil(() => other.Advertiser.Responder.IsEstablished, Patience));
        Assert.Equal(FleetMdns.HostLabelOf(id) + ".local", other.Advertiser.HostName);
        using var sim = new ChildProcess(BuildPaths.SimulatorCli, ["fleet", "--file", file, "--broker", "embedded", "--control-port", "0"], networkNamespace: lan["fleet"].Namespace.Name);
        Assert.True(sim.WaitForLine(l => l.StartsWith("mdns: all ", StringComparison.Ordinal), Patience), sim.AllOutput);
        string control = ControlAddress().Match(sim.StdoutLines.First(l => l.StartsWith("control: http://", StringComparison.Ordinal))).Value;

        using var fleet = JsonDocument.Parse(Curl(lan, control, "/fleet"));
        var devices = fleet.RootElement.GetProperty("devices").EnumerateArray().ToArray();
        var renamed = devices[1].GetProperty("mdns");
        string instance = renamed.GetProperty("instance").GetString()!;
        string host = renamed.GetProperty("host").GetString()!;
        Assert.Equal(FleetMdns.InstanceNameOf(id) + " (2)", instance);
        Assert.Equal(FleetMdns.HostLabelOf(id) + "-2.local", host);
        Assert.Equal(FleetMdns.InstanceNameOf(FleetDevice.DeviceIdOf(0)), devices[0].GetProperty("mdns").GetProperty("instance").GetString());
        Assert.Equal(1, fleet.RootElement.GetProperty("mdns").GetProperty("renamed").GetInt32());

        // The phone finds device 1 under exactly the names /fleet gives, at the fleet's address, not the other accessory's.
        using (var browser = ZeroconfBrowser.Start(lan["phone"].Namespace, ServiceType, TimeSpan.FromSeconds(10)))
        {
            var e = browser.WaitFor(e => e.IsResolved && e.Instance == instance + "." + ServiceType, TimeSpan.FromSeconds(30));
            Assert.True(e != null, $"{instance} not resolved:\n" + browser.Transcript);
            Assert.Equal(host + ".", e!.Host);
            Assert.Equal(id, e.Txt["id"]);
            Assert.Contains(lan["fleet"].IPv4.ToString(), e.Addresses);
            Assert.DoesNotContain(lan["other"].IPv4.ToString(), e.Addresses);
        }

        Assert.Contains($"<td>{instance} on {host}</td></tr>", Curl(lan, control, "/"), StringComparison.Ordinal);
        sim.Interrupt();
        Assert.Equal(0, sim.WaitForExit(Patience));
    }

    private static string Curl(LanSegment lan, string control, string path)
    {
        var result = lan["fleet"].Namespace.Run("/usr/bin/curl", ["--silent", "--show-error", "--fail", "--max-time", "10", $"http://{control}{path}"], TimeSpan.FromSeconds(20));
        Assert.True(result.ExitCode == 0, $"curl {path}: exit {result.ExitCode}: {result.StandardError}");
        return result.StandardOutput;
    }

    [GeneratedRegex(@"127\.0\.0\.1:\d+")]
    private static partial Regex ControlAddress();
}
