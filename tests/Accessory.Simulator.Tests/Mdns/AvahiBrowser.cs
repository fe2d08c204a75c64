using Accessory.Simulator.Net;
using Accessory.Simulator.Tests.Support;

using Accessory.Simulator.Mdns.Reference;

namespace Accessory.Simulator.Tests.Mdns;

/// <summary>
/// avahi-browse in a namespace (the "phone"). avahi-browse only talks to a local avahi-daemon over the D-Bus system
/// bus, so the namespace gets its own: a private dbus-daemon --system on a tmpfs /run, then avahi-daemon (publishing
/// nothing), then <c>avahi-browse -rp</c>. Lines starting with '=' are resolved instances.
/// </summary>
internal sealed class AvahiBrowser : IDisposable
{
    private const string Script =
        AvahiConfig.IsolateMounts
        // --fork returns once the bus socket listens, so avahi-daemon finds it.
        + "D=$(" + AvahiConfig.DbusDaemon + " --system --fork --nopidfile --print-pid); "
        + AvahiConfig.DaemonCommand + " & A=$!; "
        + "trap 'kill $B $A $D 2>/dev/null' EXIT TERM INT; B=; "
        // avahi-browse fails while the daemon is not on the bus yet: retry a bounded number of times.
        + "i=0; until /usr/bin/avahi-browse -a -t -p >/dev/null 2>&1; do i=$((i+1)); [ $i -lt 100 ] || exit 3; sleep 0.1; done; "
        + "echo avahi-browse-ready; "
        + AvahiConfig.Browse + " -r -p \"$2\" & B=$!; wait $B";

    private readonly TempDirectory _folder;
    private readonly NamespaceProcess _process;

    private AvahiBrowser(TempDirectory folder, NamespaceProcess process)
    {
        _folder = folder;
        _process = process;
    }

    public static string? UnavailableReason =>
        AvahiConfig.UnavailableReason
        ?? (File.Exists(AvahiConfig.Browse) && File.Exists(AvahiConfig.DbusDaemon) ? null : "avahi-browse or dbus-daemon is missing (apt-get install avahi-utils dbus)");

    public string Transcript => _process.AllOutput;

    public static AvahiBrowser Start(LanHost phone, string serviceType)
    {
        ArgumentNullException.ThrowIfNull(phone);
        var folder = new TempDirectory("accessory-avahi-browse");
        try
        {
            AvahiConfig.Write(folder.Path, "phone" + Environment.ProcessId, phone.InterfaceName, dbus: true, publish: false);
            var process = new NamespaceProcess(phone.Namespace, "/bin/sh", ["-c", Script, "sh", folder.Path, serviceType]);
            var browser = new AvahiBrowser(folder, process);
            if (process.WaitForLine(l => l == "avahi-browse-ready", TimeSpan.FromSeconds(30)) == null)
            {
                var output = process.AllOutput;
                browser.Dispose();
                throw new InvalidOperationException("avahi-browse did not start:\n" + output);
            }

            return browser;
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The first resolved line for <paramref name="instanceLabel"/> on the given protocol ("IPv4"/"IPv6"), split on ';':
    /// =;iface;proto;name;type;domain;host;address;port;txt. Null on timeout.
    /// </summary>
    public string[]? WaitForResolved(string instanceLabel, string protocol, TimeSpan timeout)
    {
        // avahi-browse -p escapes spaces and punctuation in names as \DDD.
        string escaped = instanceLabel.Replace(" ", "\\032", StringComparison.Ordinal);
        var line = _process.WaitForLine(
            l =>
            {
                var f = l.Split(';');
                return f.Length >= 10 && f[0] == "=" && f[2] == protocol && f[3] == escaped;
            },
            timeout);
        return line?.Split(';');
    }

    /// <summary>The first removal line (-;iface;proto;name;type;domain) for <paramref name="instanceLabel"/>; null on timeout.</summary>
    public string[]? WaitForRemoved(string instanceLabel, string protocol, TimeSpan timeout)
    {
        string escaped = instanceLabel.Replace(" ", "\\032", StringComparison.Ordinal);
        var line = _process.WaitForLine(
            l =>
            {
                var f = l.Split(';');
                return f.Length >= 6 && f[0] == "-" && f[2] == protocol && f[3] == escaped;
            },
            timeout);
        return line?.Split(';');
    }

    public void Dispose()
    {
        _process.Dispose();
        _folder.Dispose();
    }
}
