using Accessory.Core.Cloud;
using Accessory.Core.Cloud.Json;

namespace Accessory.Core.LocalApi;

/// <summary>
/// The body of PUT /api/v1/state: {"on":bool} and/or {"brightness":0..100}. Parsing is total and all-or-nothing:
/// any problem gives a reason and no request, so a half-valid body changes nothing.
/// </summary>
public sealed class StateUpdateRequest
{
    private const string OnField = "on";
    private const string BrightnessField = "brightness";

    private StateUpdateRequest(bool setPower, bool on, bool setBrightness, int brightness)
    {
        SetPower = setPower;
        On = on;
        SetBrightness = setBrightness;
        Brightness = brightness;
    }

    public bool SetPower { get; }

    public bool On { get; }

    public bool SetBrightness { get; }

    public int Brightness { get; }

    /// <summary>The request, or null with <paramref name="error"/> saying why.</summary>
    public static StateUpdateRequest? Parse(byte[] body, out string error)
    {
        if (body == null || body.Length == 0)
        {
            error = "empty body: send {\"on\":true|false} and/or {\"brightness\":0..100}";
            return null;
        }

        JsonObject json;
        try
        {
            json = JsonReader.ParseObject(body);
        }
        catch (JsonFormatException e)
        {
            error = "bad json: " + e.Message;
            return null;
        }

        if (json.Count == 0)
        {
            error = "nothing to change: send \"on\" and/or \"brightness\"";
            return null;
        }

        for (int i = 0; i < json.Count; i++)
        {
            var name = json[i].Name;
            if (name != OnField && name != BrightnessField)
            {
                error = "unknown field \"" + name + "\"";
                return null;
            }
        }

        var on = json.Find(OnField);
        if (on != null && on.Kind != JsonValueKind.Truth)
        {
            error = "\"on\" must be true or false, not " + JsonField.KindName(on.Kind);
            return null;
        }

        var brightness = json.Find(BrightnessField);
        if (brightness != null && brightness.Kind != JsonValueKind.Number)
        {
            error = "\"brightness\" must be an integer 0..100, not " + JsonField.KindName(brightness.Kind);
            return null;
        }

        if (brightness != null && (brightness.Number < 0 || brightness.Number > LampState.MaxBrightness))
        {
            error = "\"brightness\" " + brightness.Number + " is outside 0..100";
            return null;
        }

        error = string.Empty;
        return new StateUpdateRequest(on != null, on != null && on.Boolean, brightness != null, brightness == null ? 0 : (int)brightness.Number);
    }

    public void ApplyTo(LampState lamp) => lamp.Update(SetPower, On, SetBrightness, Brightness);
}
