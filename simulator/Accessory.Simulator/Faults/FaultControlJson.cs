using System.Text;
using System.Text.Json;

namespace Accessory.Simulator.Faults;

/// <summary>The JSON documents of the control API.</summary>
internal static class FaultControlJson
{
    public static string Active(IEnumerable<FaultSpec> active) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("active");
        foreach (var spec in active)
        {
            w.WriteStartObject();
            w.WriteString("name", spec.Name);
            w.WriteString("spec", spec.ToString());
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    public static string Error(string message) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("error", message);
        w.WriteEndObject();
    });

    /// <summary>Defaults are given as spec text (what you would write after '='), null for optional parameters.</summary>
    public static string Catalogue() => Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("faults");
        foreach (var fault in FaultCatalogue.All)
        {
            w.WriteStartObject();
            w.WriteString("name", fault.Name);
            w.WriteString("description", fault.Description);
            w.WriteStartArray("parameters");
            foreach (var p in fault.Parameters)
            {
                w.WriteStartObject();
                w.WriteString("name", p.Name);
                w.WriteString("type", p.TypeName);
                w.WriteString("default", p.Default);
                w.WriteString("allowed", p.Allowed);
                if (p.Type == FaultParameterType.Enum)
                {
                    w.WriteStartArray("values");
                    foreach (var v in p.Values)
                    {
                        w.WriteStringValue(v);
                    }

                    w.WriteEndArray();
                }
                else if (p.Type == FaultParameterType.Number)
                {
                    w.WriteNumber("min", p.Min);
                    w.WriteNumber("max", p.Max);
                }

                w.WriteString("description", p.Description);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            body(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
