using System.Globalization;
using System.Net;
using System.Text;
using Accessory.Core.Device;
using Accessory.Simulator.Faults;

namespace Accessory.Simulator.Dashboard;

/// <summary>
/// The dashboard's HTML, rendered on the server. The page script only swaps in a fresh <see cref="Sections"/>
/// after a stream event and appends timeline rows, so this class is the one place that decides what is shown.
/// </summary>
internal static class DashboardPage
{
    public static string Page(StatusDocument status) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{E(status.Device.Name)}} · accessory-sim</title>
        <link rel="stylesheet" href="/dashboard.css">
        </head>
        <body>
        <header><h1>{{E(status.Device.Name)}}</h1><span id="live" class="badge">connecting…</span></header>
        <p id="notice" role="status" hidden></p>
        <main>
        {{Section(status, DeviceSection)}}
        <section id="timeline-section">
        <h2>Timeline</h2>
        <label>Level <select id="level">
        <option value="trace">trace</option><option value="debug">debug</option><option value="info" selected>info</option><option value="warning">warning</option><option value="error">error</option>
        </select></label>
        <ol id="timeline" reversed></ol>
        </section>
        {{Section(status, RadioSection)}}
        {{Section(status, FaultSection)}}
        </main>
        <script src="/dashboard.js"></script>
        </body>
        </html>
        """;

    /// <summary>Every live section (each a <c>section</c> with an id); the script swaps each into its place.</summary>
    public static string Sections(StatusDocument status)
    {
        var html = new StringBuilder();
        DeviceSection(html, status);
        RadioSection(html, status);
        FaultSection(html, status);

        // The simulator body has no board; a body with one would render its LED and button (press/hold) here.
        return html.ToString();
    }

    private static string Section(StatusDocument status, Action<StringBuilder, StatusDocument> render)
    {
        var html = new StringBuilder();
        render(html, status);
        return html.ToString();
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Row(StringBuilder html, string label, string valueHtml, string? id = null) =>
        html.Append("<tr").Append(id is null ? string.Empty : $" id=\"{id}\"").Append("><th>").Append(E(label)).Append("</th><td>").Append(valueHtml).Append("</td></tr>\n");

    private static void DeviceSection(StringBuilder html, StatusDocument status)
    {
        var d = status.Device;
        string state = DeviceLifecycle.StateName(d.Lifecycle.State);
        html.Append("<section id=\"device\"><h2>Device</h2><table>\n");
        Row(html, "Name", E(d.Name));
        Row(html, "Id", "<code>" + E(d.Identity.DeviceId) + "</code>");
        Row(html, "Body", "simulator");
        Row(html, "State", $"<span class=\"state state-{E(state)}\" data-state=\"{E(state)}\">{E(state)}</span>", "state-row");
        var joined = d.Radio.Describe().FirstOrDefault(v => v.Joined);
        Row(html, "Network", joined is null
            ? "<span class=\"muted\">not joined</span>"
            : $"{E(joined.Ssid ?? "0x" + joined.SsidHex)} · {E(d.Station.Ip4Address)} · {I(joined.Rssi)} dBm", "network-row");
        var open = status.OpenTransports();
        Row(html, "Provisioning", open.Count == 0 ? "<span class=\"muted\">closed</span>" : string.Join(", ", open.Select(t => "<span class=\"badge\">" + E(t) + "</span>")), "provisioning-row");
        if (d.Provisioning != null)
        {
            Row(html, "Provisioning HTTP", $"<code>http://{E(d.Provisioning.EndPoint.ToString())}</code>, security {I(d.Provisioning.Options.Security)}");
        }

        if (d.LocalApi != null)
        {
            Row(html, "Local API", $"<code>https://{E(d.LocalApi.HttpsEndPoint.ToString())}</code>" + (d.Lifecycle.State == DeviceState.Online ? string.Empty : " <span class=\"muted\">(served while online)</span>"));
            Row(html, "Certificate SHA-256", "<code class=\"wrap\">" + E(d.LocalApi.CertificateFingerprint) + "</code>");
        }

        if (d.Cloud != null)
        {
            var link = d.Cloud.Link;
            Row(html, "MQTT", $"{E(d.Cloud.Broker.ToString())} · {(link.IsConnected ? "<span class=\"ok\">connected</span>" : "<span class=\"bad\">not connected</span>")} · queue {I(link.Queued)}, dropped {link.Dropped.ToString(CultureInfo.InvariantCulture)}", "mqtt-row");
        }

        html.Append("</table>\n");
        var qr = status.Qr();
        if (qr != null && open.Count > 0)
        {
            html.Append("<figure id=\"qr\"><img src=\"/qr.svg\" alt=\"provisioning QR code\" width=\"220\" height=\"220\"><figcaption><dl>");
            html.Append("<dt>Name</dt><dd><code>").Append(E(qr.Name)).Append("</code></dd>");
            if (qr.Pop != null)
            {
                // Security 2 carries the SRP password in the QR's "pop" field, as the ESP apps expect.
                string label = qr.Username != null ? "Password (QR field pop)" : "Proof of possession";
                html.Append("<dt>").Append(label).Append("</dt><dd><code>").Append(E(qr.Pop)).Append("</code></dd>");
            }

            if (qr.Username != null)
            {
                html.Append("<dt>Username</dt><dd><code>").Append(E(qr.Username)).Append("</code></dd>");
            }

            if (qr.Password != null)
            {
                html.Append("<dt>Password</dt><dd><code>").Append(E(qr.Password)).Append("</code></dd>");
            }

            html.Append("<dt>Payload</dt><dd><code class=\"wrap\">").Append(E(qr.ToJson())).Append("</code></dd></dl></figcaption></figure>\n");
        }

        html.Append("</section>\n");
    }

    private static void FaultSection(StringBuilder html, StatusDocument status)
    {
        var active = status.Device.Faults.SnapshotEntries().ToDictionary(f => f.Spec.Name, StringComparer.Ordinal);
        html.Append("<section id=\"faults\"><h2>Faults</h2>\n");
        foreach (var fault in FaultCatalogue.All)
        {
            bool on = active.TryGetValue(fault.Name, out var entry);
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"fault{(on ? " active" : string.Empty)}\" data-fault=\"{E(fault.Name)}\">");
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"head\"><strong>{E(fault.Name)}</strong>");
            if (on)
            {
                html.Append(" <span class=\"badge on\">active</span>");
                if (status.RemainingSeconds(entry!) is { } seconds)
                {
                    long ends = DateTimeOffset.UtcNow.AddSeconds(seconds).ToUnixTimeMilliseconds();
                    html.Append(CultureInfo.InvariantCulture, $" <span class=\"remaining\" data-ends-at=\"{ends.ToString(CultureInfo.InvariantCulture)}\">{seconds.ToString("0", CultureInfo.InvariantCulture)} s left</span>");
                }

                if (StatusDocument.RemainingCount(entry!) is { } count)
                {
                    html.Append(CultureInfo.InvariantCulture, $" <span class=\"remaining\">{I(count)} left</span>");
                }
            }

            html.Append(CultureInfo.InvariantCulture, $"<span class=\"actions\"><button type=\"button\" data-action=\"fault-set\" data-name=\"{E(fault.Name)}\">{(on ? "Set again" : "Set")}</button>");
            html.Append(CultureInfo.InvariantCulture, $"<button type=\"button\" data-action=\"fault-clear\" data-name=\"{E(fault.Name)}\"{(on ? string.Empty : " disabled")}>Clear</button></span></div>");
            html.Append("<p class=\"muted\">").Append(E(fault.Description));
            if (on)
            {
                html.Append(" <code>").Append(E(entry!.Spec.ToString())).Append("</code>");
            }

            html.Append("</p>");
            if (fault.Parameters.Count > 0)
            {
                html.Append("<details><summary>parameters</summary>");
                foreach (var p in fault.Parameters)
                {
                    string value = on && entry!.Spec.Has(p.Name) ? ValueOf(entry.Spec, p) : p.Default ?? string.Empty;
                    html.Append(CultureInfo.InvariantCulture, $"<label title=\"{E(p.Description)}\">{E(p.Name)} ");
                    if (p.Type is FaultParameterType.Enum or FaultParameterType.Bool)
                    {
                        var values = p.Type == FaultParameterType.Bool ? new[] { "true", "false" } : p.Values.ToArray();
                        html.Append(CultureInfo.InvariantCulture, $"<select data-param=\"{E(p.Name)}\">");
                        foreach (var v in values)
                        {
                            html.Append(CultureInfo.InvariantCulture, $"<option{(v == value ? " selected" : string.Empty)}>{E(v)}</option>");
                        }

                        html.Append("</select>");
                    }
                    else
                    {
                        html.Append(CultureInfo.InvariantCulture, $"<input data-param=\"{E(p.Name)}\" value=\"{E(value)}\" placeholder=\"{E(p.Allowed)}\" size=\"10\">");
                    }

                    html.Append("</label> ");
                }

                html.Append("</details>");
            }

            html.Append("</div>\n");
        }

        html.Append("</section>\n");
    }

    private static string ValueOf(FaultSpec spec, FaultParameter p) => p.Type switch
    {
        FaultParameterType.Number => spec.GetOptionalInt(p.Name)?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
        FaultParameterType.Bool => spec.GetBool(p.Name) ? "true" : "false",
        FaultParameterType.Enum => spec.GetEnum(p.Name),
        FaultParameterType.Text => spec.GetString(p.Name),
        _ => p.Default ?? string.Empty,
    };

    private static void RadioSection(StringBuilder html, StatusDocument status)
    {
        html.Append("<section id=\"radio\"><h2>Radio environment</h2><table class=\"aps\"><thead><tr><th>SSID</th><th>BSSID</th><th>Band/ch</th><th>RSSI</th><th></th></tr></thead><tbody>\n");
        foreach (var ap in status.Device.Radio.Describe())
        {
            string name = ap.Ssid is null ? "0x" + ap.SsidHex : ap.Ssid.Length == 0 ? "(empty)" : ap.Ssid;
            string flags = (ap.Joined ? " <span class=\"badge ok\">joined</span>" : string.Empty)
                + (ap.Hidden ? " <span class=\"badge\">hidden</span>" : string.Empty)
                + (ap.Down ? " <span class=\"badge bad\">off the air</span>" : string.Empty)
                + (ap.Usable ? string.Empty : " <span class=\"badge\">band unsupported</span>");
            html.Append(CultureInfo.InvariantCulture, $"<tr class=\"ap{(ap.Down ? " down" : string.Empty)}\" data-bssid=\"{E(ap.Bssid)}\"><td>{E(name)}{flags}</td><td><code>{E(ap.Bssid)}</code></td><td>{E(ap.Band)} / {I(ap.Channel)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td><input type=\"number\" min=\"-100\" max=\"-10\" value=\"{I(ap.Rssi)}\" data-rssi aria-label=\"RSSI of {E(ap.Bssid)}\"> <button type=\"button\" data-action=\"ap-rssi\" data-bssid=\"{E(ap.Bssid)}\">Set</button></td><td>");
            html.Append(ap.TakenAway
                ? $"<button type=\"button\" data-action=\"ap-back\" data-bssid=\"{E(ap.Bssid)}\">Bring back</button>"
                : $"<button type=\"button\" data-action=\"ap-away\" data-bssid=\"{E(ap.Bssid)}\">Take away</button>");
            html.Append("</td></tr>\n");
        }

        html.Append("</tbody></table></section>\n");
    }
}
