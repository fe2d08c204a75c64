using System.Globalization;
using System.Net;

namespace Accessory.Simulator.Net;

/// <summary>
/// A small Ethernet segment made of namespaces: a bridge (multicast snooping off, so every host sees every group)
/// in its own namespace, and one namespace per host joined to it by a veth pair. Hosts get 10.77.0.(n+1)/24 and
/// fe80::77:(n+1)/64 on <c>eth0</c>. Nothing is created in the caller's namespace; Dispose removes all of it.
/// </summary>
public sealed class LanSegment : IDisposable
{
    public const string HostInterface = "eth0";

    private readonly NetworkNamespace _bridge;
    private readonly List<LanHost> _hosts;

    private LanSegment(NetworkNamespace bridge, List<LanHost> hosts)
    {
        _bridge = bridge;
        _hosts = hosts;
    }

    public IReadOnlyList<LanHost> Hosts => _hosts;

    public string BridgeNamespace => _bridge.Name;

    /// <summary>Every namespace this segment owns (bridge first), for cleanup checks.</summary>
    public IReadOnlyList<string> NamespaceNames
    {
        get
        {
            var names = new List<string> { _bridge.Name };
            foreach (var host in _hosts)
            {
                names.Add(host.Namespace.Name);
            }

            return names;
        }
    }

    public LanHost this[string role]
    {
        get
        {
            foreach (var host in _hosts)
            {
                if (host.Role == role)
                {
                    return host;
                }
            }

            throw new KeyNotFoundException("no host with role " + role);
        }
    }

    /// <summary>Creates the segment with one host per role (roles become part of namespace names: short, [a-z0-9]).</summary>
    public static LanSegment Create(params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        if (roles.Length == 0 || roles.Length > 200)
        {
            throw new ArgumentException("between 1 and 200 hosts", nameof(roles));
        }

        int n = NetworkNamespace.NextId();
        string stem = $"acc-{Environment.ProcessId}-{n}";

        // Interface names are limited to 15 bytes: the bridge-side veth ends get a compact form of the unique stem.
        string compact = Environment.ProcessId.ToString("x", CultureInfo.InvariantCulture) + "x" + n.ToString(CultureInfo.InvariantCulture);
        var created = new List<NetworkNamespace>();
        try
        {
            var bridge = NetworkNamespace.Create(stem + "-lan");
            created.Add(bridge);
            IpCommand.Run("-n", bridge.Name, "link", "add", "br0", "type", "bridge", "stp_state", "0", "forward_delay", "0", "mcast_snooping", "0");
            IpCommand.Run("-n", bridge.Name, "link", "set", "br0", "multicast", "on", "up");

            var hosts = new List<LanHost>();
            for (int i = 0; i < roles.Length; i++)
            {
                hosts.Add(AddHost(bridge, stem, compact, i, roles[i], created));
            }

            foreach (var host in hosts)
            {
                WaitUntilLinkReady(host);
            }

            return new LanSegment(bridge, hosts);
        }
        catch
        {
            for (int i = created.Count - 1; i >= 0; i--)
            {
                created[i].Dispose();
            }

            throw;
        }
    }

    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            host.Namespace.Dispose();
        }

        _bridge.Dispose();
    }

    /// <summary>
    /// Waits for carrier on the host's link. Until then (linkwatch may take a second under load) the kernel has not
    /// added the link's ff00::/8 route, and IPv6 multicast sends fail with "network unreachable".
    /// </summary>
    private static void WaitUntilLinkReady(LanHost host)
    {
        string ip = IpCommand.Path ?? throw new PlatformNotSupportedException("iproute2's 'ip' command is not installed");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var link = ProcessRunner.Run(ip, ["-n", host.Namespace.Name, "-o", "link", "show", host.InterfaceName], TimeSpan.FromSeconds(20));
            var routes = ProcessRunner.Run(ip, ["-n", host.Namespace.Name, "-6", "route", "show", "table", "local"], TimeSpan.FromSeconds(20));
            if (link.StandardOutput.Contains("state UP", StringComparison.Ordinal)
                && routes.StandardOutput.Contains("ff00::/8 dev " + host.InterfaceName, StringComparison.Ordinal))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"link {host.InterfaceName} in {host.Namespace.Name} did not come up: {link.StandardOutput.Trim()}");
            }

            Thread.Sleep(20);
        }
    }

    private static LanHost AddHost(NetworkNamespace bridge, string stem, string compact, int i, string role, List<NetworkNamespace> created)
    {
        var ns = NetworkNamespace.Create(stem + "-" + role);
        created.Add(ns);
        string port = "lp" + compact + "-" + i.ToString(CultureInfo.InvariantCulture);
        if (port.Length > 15)
        {
            throw new InvalidOperationException("interface name too long: " + port);
        }

        string number = (i + 1).ToString(CultureInfo.InvariantCulture);
        var ipv4 = IPAddress.Parse("10.77.0." + number);
        var ipv6 = IPAddress.Parse("fe80::77:" + number);

        // Created inside the bridge namespace with the host end moved straight into the host: nothing touches the caller's namespace.
        IpCommand.Run("-n", bridge.Name, "link", "add", port, "type", "veth", "peer", "name", HostInterface, "netns", ns.Name);
        IpCommand.Run("-n", bridge.Name, "link", "set", port, "master", "br0", "multicast", "on", "up");

        // No kernel-generated link-local address: only the fixed one, marked nodad so it is usable immediately.
        IpCommand.Run("-n", ns.Name, "link", "set", HostInterface, "addrgenmode", "none");
        IpCommand.Run("-n", ns.Name, "addr", "add", ipv4 + "/24", "dev", HostInterface);
        IpCommand.Run("-n", ns.Name, "addr", "add", ipv6 + "/64", "dev", HostInterface, "nodad");
        IpCommand.Run("-n", ns.Name, "link", "set", HostInterface, "multicast", "on", "up");
        return new LanHost(role, ns, HostInterface, ipv4, ipv6);
    }
}
