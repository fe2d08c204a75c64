using System.Globalization;
using System.Net;
using System.Text;
using Accessory.Simulator.Fleet;

namespace Accessory.Simulator.Cli.Fleet;

/// <summary>The fleet's page: the totals and a table of devices (the first 1,000; /fleet has them all).</summary>
internal static class FleetPage
{
    private const int MaxRows = 1000;

    public static string Render(FleetRun run)
    {
        var s = run.Snapshot();
        var html = new StringBuilder();
        html.Append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Fleet ").Append(WebUtility.HtmlEncode(run.Spec.Name)).Append("</title></head><body>");
        html.Append("<h1>Fleet ").Append(WebUtility.HtmlEncode(run.Spec.Name)).Append("</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p id=\"summary\">connected {s.Connected}/{s.Devices}, reconnects {s.Reconnects}, telemetry {s.TelemetrySent} sent {s.Acknowledged} acked {s.Dropped} dropped, commands {s.Commands}; broker {WebUtility.HtmlEncode(run.Broker.ToString())}</p>");
        html.Append("<p id=\"mdns\">").Append(WebUtility.HtmlEncode(FleetMdnsView.Line(run))).Append("</p>");
        html.Append("<table id=\"devices\"><thead><tr><th>id</th><th>group</th><th>model</th><th>firmware</th><th>state</th><th>mqtt</th><th>lamp</th><th>telemetry</th><th>mdns</th></tr></thead><tbody>");
        foreach (var d in run.Devices.Take(MaxRows))
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{d.DeviceId}</td><td>{WebUtility.HtmlEncode(d.Group.Name)}</td><td>{WebUtility.HtmlEncode(d.Group.Model)}</td><td>{WebUtility.HtmlEncode(d.Group.FirmwareVersion)}</td><td>{Accessory.Core.Device.DeviceLifecycle.StateName(d.Core.Lifecycle.State)}{(d.Provisioning is { } p ? $" (provisioning {p.State}{(p.Listening ? $" on port {p.Port}" : string.Empty)})" : string.Empty)}</td><td>{(d.IsConnected ? "connected" : "down")}</td><td>{(d.Core.Lamp.On ? "on" : "off")} {d.Core.Lamp.Brightness}%</td><td>{d.TelemetrySent}</td><td>{WebUtility.HtmlEncode(FleetMdnsView.Cell(run, d))}</td></tr>");
        }

        html.Append("</tbody></table>");
        if (run.Devices.Count > MaxRows)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{run.Devices.Count - MaxRows} more devices: see <a href=\"/fleet\">/fleet</a>.</p>");
        }

        return html.Append("</body></html>").ToString();
    }
}
