using System.Globalization;
using System.Xml.Linq;

namespace Accessory.Simulator.Mdns.Reference;

/// <summary>
/// Files and shell glue for running avahi-daemon inside a test namespace. avahi's runtime folder and service folder
/// are compiled in (/run/avahi-daemon, /etc/avahi/services), so the daemon starts from a shell that, inside the private
/// mount namespace <c>ip netns exec</c> gives it, mounts a tmpfs on /run and binds a temp folder on the services
/// folder: nothing on the host changes and several daemons can run at once.
/// </summary>
public static class AvahiConfig
{
    public const string Daemon = "/usr/sbin/avahi-daemon";
    public const string Browse = "/usr/bin/avahi-browse";
    public const string DbusDaemon = "/usr/bin/dbus-daemon";

    /// <summary>Shell prefix that isolates /run and the service folder; $1 is the folder holding avahi.conf and services/.</summary>
    public const string IsolateMounts =
        "set -e; mount -t tmpfs accsim /run; mkdir -p /run/avahi-daemon /run/dbus; mount --bind \"$1/services\" /etc/avahi/services; ";

    public const string DaemonCommand = Daemon + " --no-drop-root --no-chroot --no-rlimits -f \"$1/avahi.conf\"";

    public static string? UnavailableReason =>
        File.Exists(Daemon) && Directory.Exists("/etc/avahi/services")
            ? null
            : "avahi-daemon is not installed (apt-get install avahi-daemon avahi-utils)";

    /// <summary>Writes avahi.conf and an empty services/ folder into <paramref name="folder"/>.</summary>
    public static void Write(string folder, string hostName, string interfaceName, bool dbus, bool publish)
    {
        Directory.CreateDirectory(Path.Combine(folder, "services"));
        var lines = new[]
        {
            "[server]",
            "host-name=" + hostName,
            "domain-name=local",
            "use-ipv4=yes",
            "use-ipv6=yes",
            "allow-interfaces=" + interfaceName,
            "enable-dbus=" + (dbus ? "yes" : "no"),
            // Load tests must measure the responder, not avahi's per-interface packet rate limit.
            "ratelimit-interval-usec=0",
            "ratelimit-burst=0",
            "[wide-area]",
            "enable-wide-area=no",
            "[publish]",
            "disable-publishing=" + (publish ? "no" : "yes"),
            "publish-hinfo=no",
            "publish-workstation=no",
        };
        File.WriteAllLines(Path.Combine(folder, "avahi.conf"), lines);
    }

    /// <summary>A static service file (avahi's XML format) for one instance.</summary>
    public static void WriteService(string folder, string fileStem, string instance, string serviceType, int port, params string[] txt)
    {
        var service = new XElement(
            "service",
            new XElement("type", serviceType),
            new XElement("port", port.ToString(CultureInfo.InvariantCulture)));
        foreach (var entry in txt)
        {
            service.Add(new XElement("txt-record", entry));
        }

        var document = new XDocument(new XElement("service-group", new XElement("name", instance), service));
        document.Save(Path.Combine(folder, "services", fileStem + ".service"));
    }
}
