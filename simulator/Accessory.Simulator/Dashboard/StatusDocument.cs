using System.Globalization;
using System.Text.Json;
using Accessory.Core.Device;
using Accessory.Simulator.Faults;
using Accessory.Simulator.Provisioning;

namespace Accessory.Simulator.Dashboard;

/// <summary>
/// What the device is doing right now, as the dashboard shows it and as <c>GET /status</c> returns it. Field names
/// are part of the control API (docs/dashboard.md); add fields, never rename them.
/// </summary>
internal sealed class StatusDocument
{
    private readonly SimulatedDevice _device;
    private readonly Func<int> _controlPort;
    private readonly TimeProvider _time;

    public StatusDocument(SimulatedDevice device, Func<int> controlPort, TimeProvider? time = null)
    {
        _device = device;
        _controlPort = controlPort;
        _time = time ?? TimeProvider.System;
    }

    public SimulatedDevice Device => _device;

    /// <summary>Transports a phone can provision over right now.</summary>
    public IReadOnlyList<string> OpenTransports()
    {
        var open = new List<string>();
        if (_device.Lifecycle.State is DeviceState.Online or DeviceState.Connecting)
        {
            return open;
        }

        if (_device.Provisioning != null)
        {
            open.Add("softap-http");
        }

        if (_device.Ble != null)
        {
            open.Add("ble");
        }

        return open;
    }

    public ProvisioningQr? Qr() => _device.Provisioning?.Qr(_device.Name);

    /// <summary>Seconds until a fault with a duration ends by itself, or null when it has none.</summary>
    public double? RemainingSeconds(ActiveFault fault)
    {
        var spec = fault.Spec;
        if (spec.Definition.Find("duration") is not { Type: FaultParameterType.Duration })
        {
            return null;
        }

        var delay = spec.Definition.Find("delay") is { Type: FaultParameterType.Duration } ? spec.GetDuration("delay") : TimeSpan.Zero;
        var ends = fault.SetAt + delay + spec.GetDuration("duration");
        return Math.Max(0, (ends - _time.GetUtcNow()).TotalSeconds);
    }

    /// <summary>The count left for a fault that clears itself after N uses (count above 0), or null.</summary>
    public static int? RemainingCount(ActiveFault fault) =>
        fault.Spec.Definition.Find("count") is { Type: FaultParameterType.Number } && fault.Spec.GetInt("count") > 0
            ? fault.Spec.GetInt("count")
            : null;

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(w);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private void Write(Utf8JsonWriter w)
    {
        var d = _device;
        w.WriteStartObject();
        w.WriteString("name", d.Name);
        w.WriteString("id", d.Identity.DeviceId);
        w.WriteString("body", "simulator");
        w.WriteString("state", DeviceLifecycle.StateName(d.Lifecycle.State));

        w.WriteStartObject("network");
        var joined = d.Radio.JoinedAccessPoint;
        var view = joined == null ? null : d.Radio.Describe().FirstOrDefault(v => v.Joined);
        if (view != null)
        {
            w.WriteString("ssid", view.Ssid);
            w.WriteString("bssid", view.Bssid);
            w.WriteNumber("rssi", view.Rssi);
            w.WriteString("ip", d.Station.Ip4Address);
        }

        w.WriteBoolean("joined", view != null);
        w.WriteEndObject();

        w.WriteStartObject("provisioning");
        var open = OpenTransports();
        w.WriteBoolean("open", open.Count > 0);
        w.WriteStartArray("transports");
        foreach (var t in open)
        {
            w.WriteStringValue(t);
        }

        w.WriteEndArray();
        if (d.Provisioning != null)
        {
            w.WriteString("http", "http://" + d.Provisioning.EndPoint);
            w.WriteNumber("security", d.Provisioning.Options.Security);
            w.WriteString("qr", Qr()!.ToJson());
        }

        if (d.Ble != null)
        {
            w.WriteString("ble", d.Ble.Description);
        }

        w.WriteEndObject();

        if (d.LocalApi != null)
        {
            w.WriteStartObject("localApi");
            w.WriteString("https", "https://" + d.LocalApi.HttpsEndPoint);
            if (d.LocalApi.HttpEndPoint != null)
            {
                w.WriteString("http", "http://" + d.LocalApi.HttpEndPoint);
            }

            w.WriteString("certificateSha256", d.LocalApi.CertificateFingerprint);
            w.WriteBoolean("serving", d.Lifecycle.State == DeviceState.Online);
            w.WriteEndObject();
        }

        if (d.Cloud != null)
        {
            var link = d.Cloud.Link;
            w.WriteStartObject("mqtt");
            w.WriteString("broker", d.Cloud.Broker.ToString());
            w.WriteBoolean("connected", link.IsConnected);
            w.WriteNumber("queued", link.Queued);
            w.WriteNumber("published", link.Published);
            w.WriteNumber("dropped", link.Dropped);
            w.WriteEndObject();
        }

        w.WriteStartArray("faults");
        foreach (var fault in d.Faults.SnapshotEntries())
        {
            w.WriteStartObject();
            w.WriteString("name", fault.Spec.Name);
            w.WriteString("spec", fault.Spec.ToString());
            w.WriteString("since", fault.SetAt.ToString("O", CultureInfo.InvariantCulture));
            if (RemainingSeconds(fault) is { } seconds)
            {
                w.WriteNumber("remainingSeconds", Math.Round(seconds, 1));
            }

            if (RemainingCount(fault) is { } count)
            {
                w.WriteNumber("remainingCount", count);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("radio");
        foreach (var ap in d.Radio.Describe())
        {
            w.WriteStartObject();
            w.WriteString("ssid", ap.Ssid);
            w.WriteString("ssidHex", ap.SsidHex);
            w.WriteString("bssid", ap.Bssid);
            w.WriteString("band", ap.Band);
            w.WriteNumber("channel", ap.Channel);
            w.WriteNumber("rssi", ap.Rssi);
            w.WriteString("auth", ap.Auth);
            w.WriteBoolean("hidden", ap.Hidden);
            w.WriteBoolean("down", ap.Down);
            w.WriteBoolean("takenAway", ap.TakenAway);
            w.WriteBoolean("joined", ap.Joined);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartObject("ports");
        w.WriteNumber("control", _controlPort());
        if (d.Provisioning != null)
        {
            w.WriteNumber("provisioning", d.Provisioning.EndPoint.Port);
        }

        if (d.LocalApi != null)
        {
            w.WriteNumber("https", d.LocalApi.HttpsEndPoint.Port);
            if (d.LocalApi.HttpEndPoint != null)
            {
                w.WriteNumber("http", d.LocalApi.HttpEndPoint.Port);
            }
        }

        w.WriteEndObject();

        // No board is attached to the simulator body; a body with one adds "board": {"led": ..., "button": ...}.
        w.WriteNull("board");
        w.WriteEndObject();
    }
}
