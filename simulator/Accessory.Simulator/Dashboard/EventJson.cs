using System.Globalization;
using System.Text.Json;
using Accessory.Simulator.Events;

namespace Accessory.Simulator.Dashboard;

/// <summary>One stream event as JSON (fields id, time, kind, level, component, message) and as an SSE frame.</summary>
internal static class EventJson
{
    public static string Json(DeviceEvent e)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("id", e.Id);
            w.WriteString("time", e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("kind", e.Kind);
            w.WriteString("level", e.Level);
            w.WriteString("component", e.Component);
            w.WriteString("message", e.Message);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    // JSON text has no raw newlines, so one data line carries the whole event.
    public static string Sse(DeviceEvent e) => "id: " + e.Id.ToString(CultureInfo.InvariantCulture) + "\nevent: device\ndata: " + Json(e) + "\n\n";
}
