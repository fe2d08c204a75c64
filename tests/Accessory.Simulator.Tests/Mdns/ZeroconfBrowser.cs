using System.Globalization;
using Accessory.Simulator.Net;

using Accessory.Simulator.Mdns.Reference;

namespace Accessory.Simulator.Tests.Mdns;

/// <summary>
/// python3-zeroconf browsing one service type inside a namespace (the "phone"): a real DNS-SD client whose view of
/// the network the tests assert on. Start it, act, then wait for the events the client should report.
/// </summary>
internal sealed class ZeroconfBrowser : IDisposable
{
    private readonly NamespaceProcess _process;

    private ZeroconfBrowser(NamespaceProcess process)
    {
        _process = process;
    }

    /// <summary>Starts browsing and returns once the browser is running (its "ready" line).</summary>
    /// <param name="ip">v4, v6 or all: the families zeroconf listens and queries on.</param>
    /// <param name="resolveTimeout">How long the client tries to resolve one instance before reporting it unresolved (default 3 s).</param>
    public static ZeroconfBrowser Start(NetworkNamespace phone, string serviceType, TimeSpan duration, string ip = "v4", TimeSpan? resolveTimeout = null)
    {
        var process = new NamespaceProcess(
            phone,
            MdnsScripts.Python,
            [
                MdnsScripts.Browse,
                "--type", serviceType,
                "--duration", duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture),
                "--ip", ip,
                "--resolve-timeout", (resolveTimeout ?? TimeSpan.FromSeconds(3)).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture),
            ]);
        var browser = new ZeroconfBrowser(process);
        if (browser.WaitFor(e => e.Kind == "ready", TimeSpan.FromSeconds(30)) == null)
        {
            var output = process.AllOutput;
            browser.Dispose();
            throw new InvalidOperationException("zeroconf_browse.py did not start:\n" + output);
        }

        return browser;
    }

    public IReadOnlyList<BrowseEvent> Events
    {
        get
        {
            var events = new List<BrowseEvent>();
            foreach (var line in _process.StdoutLines)
            {
                if (BrowseEvent.TryParse(line) is { } parsed)
                {
                    events.Add(parsed);
                }
            }

            return events;
        }
    }

    /// <summary>Everything the script printed, for assertion messages.</summary>
    public string Transcript => _process.AllOutput;

    /// <summary>The first event (past or future) that satisfies <paramref name="match"/>; null on timeout or when the browse ended.</summary>
    public BrowseEvent? WaitFor(Func<BrowseEvent, bool> match, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        var line = _process.WaitForLine(l => BrowseEvent.TryParse(l) is { } e && match(e), timeout);
        return line == null ? null : BrowseEvent.TryParse(line);
    }

    /// <summary>The first resolved (added/updated) event for an instance whose name starts with <paramref name="instanceLabel"/>.</summary>
    public BrowseEvent? WaitForResolved(string instanceLabel, TimeSpan timeout) =>
        WaitFor(e => e.IsResolved && e.Instance != null && e.Instance.StartsWith(instanceLabel + ".", StringComparison.Ordinal), timeout);

    public BrowseEvent? WaitForRemoved(string instanceLabel, TimeSpan timeout) =>
        WaitFor(e => e.Kind == "removed" && e.Instance != null && e.Instance.StartsWith(instanceLabel + ".", StringComparison.Ordinal), timeout);

    public void Dispose() => _process.Dispose();
}
