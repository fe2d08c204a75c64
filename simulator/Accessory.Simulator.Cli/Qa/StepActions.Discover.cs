using System.Text.Json;
using Accessory.Simulator.Mdns.Reference;

namespace Accessory.Simulator.Cli.Qa;

/// <summary>
/// The discover step: python3-zeroconf, as a phone's DNS-SD browser, looks for the device's service from the
/// scenario's phone namespace, where the device's mDNS responder is the only other host (nothing is multicast on the
/// machine's own interfaces).
/// </summary>
internal sealed partial class StepActions
{
    private async Task DiscoverAsync(StepSpec step, CancellationToken cancel)
    {
        var phone = target.PhoneNamespace ?? throw new StepFailedException("this target has no namespaced LAN to browse", "a phone namespace", "none");
        string instance = step.Instance ?? target.DeviceName ?? throw new StepFailedException("no instance name to look for", "discover.instance", "none");
        string type = step.Service + ".local.";
        string wanted = instance + "." + type;
        // An absent expectation browses for its window; a found one until the step's timeout.
        var window = step.ExpectAbsent ? step.Duration : step.Timeout;
        string script = QaScripts.MdnsBrowse;
        Wire($"mdns: browse {type} from namespace {phone.Name} for {(step.ExpectAbsent ? "absence of " : "")}{wanted}");
        using var browser = new NamespaceProcess(phone, QaScripts.Python, [script, "--type", type, "--duration", window.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)]);
        await Task.Run(() => browser.WaitForLine(l => l.Contains("\"ready\"", StringComparison.Ordinal), TimeSpan.FromSeconds(15)), cancel).ConfigureAwait(false);
        var seen = new List<string>();
        string? lastOfInstance = null;
        string? mismatch = null;
        int read = 0;
        var deadline = DateTime.UtcNow + window + TimeSpan.FromSeconds(2);
        while (!cancel.IsCancellationRequested && DateTime.UtcNow < deadline)
        {
            var lines = browser.StdoutLines;
            for (; read < lines.Count; read++)
            {
                using var json = TryParse(lines[read]);
                if (json == null)
                {
                    continue;
                }

                var e = json.RootElement;
                string kind = e.GetProperty("event").GetString() ?? string.Empty;
                if (kind is "ready")
                {
                    continue;
                }

                if (kind == "done")
                {
                    deadline = DateTime.UtcNow;
                    continue;
                }

                string name = e.TryGetProperty("instance", out var n) ? n.GetString() ?? "?" : "?";
                string summary = Summary(e);
                Wire("mdns < " + summary);
                seen.Add(summary);
                if (!string.Equals(name, wanted, StringComparison.OrdinalIgnoreCase) || kind is not ("added" or "updated"))
                {
                    continue;
                }

                lastOfInstance = summary;
                if (step.ExpectAbsent)
                {
                    throw new StepFailedException($"{instance} answered while it should be silent", $"no answer for {wanted} within {window.TotalSeconds:0.#} s", summary);
                }

                mismatch = Mismatch(step, e);
                if (mismatch == null)
                {
                    return;
                }
            }

            if (browser.HasExited && read >= browser.StdoutLines.Count)
            {
                break;
            }

            try
            {
                await Task.Delay(50, cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        if (step.ExpectAbsent)
        {
            Wire($"mdns: no answer for {wanted} in {window.TotalSeconds:0.#} s");
            return;
        }

        string expected = $"{wanted}" + (step.Host != null ? $" host {step.Host}" : "") + string.Concat(step.ExpectTxt.Select(p => $" {p.Key}={p.Value}"));
        if (lastOfInstance != null)
        {
            throw new StepFailedException($"{instance} was found but not as expected ({mismatch})", expected, lastOfInstance);
        }

        throw new StepFailedException(
            $"{instance} was not found over mDNS",
            expected,
            seen.Count == 0 ? "no instance answered" : "only " + string.Join("; ", seen) + (browser.HasExited && browser.StdoutLines.Count == 0 ? " (" + browser.AllOutput.Trim() + ")" : ""));
    }

    private static string? Mismatch(StepSpec step, JsonElement e)
    {
        string host = e.TryGetProperty("host", out var h) ? h.GetString() ?? string.Empty : string.Empty;
        if (step.Host != null && !string.Equals(host.TrimEnd('.'), step.Host.TrimEnd('.'), StringComparison.OrdinalIgnoreCase))
        {
            return $"host {host}";
        }

        foreach (var (key, value) in step.ExpectTxt)
        {
            string? actual = e.GetProperty("txt").TryGetProperty(key, out var v) ? v.GetString() : null;
            if (actual != value)
            {
                return actual == null ? $"no TXT key {key}" : $"TXT {key}={actual}";
            }
        }

        return null;
    }

    private static string Summary(JsonElement e)
    {
        string kind = e.GetProperty("event").GetString() ?? "?";
        string name = e.TryGetProperty("instance", out var n) ? n.GetString() ?? "?" : "?";
        if (kind is not ("added" or "updated"))
        {
            return $"{kind} {name}";
        }

        string txt = string.Join(" ", e.GetProperty("txt").EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}"));
        string addresses = string.Join(", ", e.GetProperty("addresses").EnumerateArray().Select(a => a.GetString()));
        return $"{kind} {name} host {e.GetProperty("host").GetString()} port {e.GetProperty("port").GetRawText()} addresses [{addresses}] txt [{txt}]";
    }

    private static JsonDocument? TryParse(string line)
    {
        try
        {
            return line.StartsWith('{') ? JsonDocument.Parse(line) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
