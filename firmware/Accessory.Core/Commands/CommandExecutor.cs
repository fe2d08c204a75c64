using Accessory.Core.Cloud;
using Accessory.Core.Cloud.Json;

namespace Accessory.Core.Commands;

/// <summary>
/// Validates and executes one device command. Every check runs before anything changes, so a malformed payload
/// (bad JSON, wrong type, out-of-range value, unknown field or command) is refused with a reason and changes nothing.
/// </summary>
internal static class CommandExecutor
{
    private const string RequestField = "request";

    public static CommandOutcome Execute(DeviceCommands commands, string name, byte[] payload)
    {
        JsonObject body;
        try
        {
            body = JsonReader.ParseObject(payload);
        }
        catch (JsonFormatException e)
        {
            return CommandOutcome.Failure("bad json: " + e.Message, null);
        }

        string? request = null;
        var requestField = body.Find(RequestField);
        if (requestField != null)
        {
            if (requestField.Kind != JsonValueKind.Text)
            {
                return CommandOutcome.Failure("request must be a string", null);
            }

            request = requestField.Text;
        }

        switch (name)
        {
            case CommandNames.Power:
                return DoPower(commands, body, request);
            case CommandNames.Brightness:
                return DoBrightness(commands, body, request);
            case CommandNames.Identify:
                return DoIdentify(commands, body, request);
            case CommandNames.Reboot:
                return Unknown(body, null, request) ?? CommandOutcome.WithAction(request, CommandAction.Reboot, 0);
            case CommandNames.FactoryReset:
                return DoFactoryReset(commands, body, request);
            default:
                return CommandOutcome.Failure("unknown command \"" + name + "\"", request);
        }
    }

    private static CommandOutcome DoPower(DeviceCommands commands, JsonObject body, string? request)
    {
        var refused = Unknown(body, "on", request);
        if (refused != null)
        {
            return refused;
        }

        var on = body.Find("on");
        if (on == null || on.Kind != JsonValueKind.Truth)
        {
            return CommandOutcome.Failure("\"on\" must be true or false", request);
        }

        commands.Lamp.SetPower(on.Boolean);
        return CommandOutcome.WithState(request, commands.Lamp.On, commands.Lamp.Brightness);
    }

    private static CommandOutcome DoBrightness(DeviceCommands commands, JsonObject body, string? request)
    {
        var refused = Unknown(body, "value", request);
        if (refused != null)
        {
            return refused;
        }

        var value = body.Find("value");
        if (value == null || value.Kind != JsonValueKind.Number)
        {
            return CommandOutcome.Failure("\"value\" must be an integer 0..100", request);
        }

        if (value.Number < 0 || value.Number > LampState.MaxBrightness)
        {
            return CommandOutcome.Failure("\"value\" " + value.Number + " is outside 0..100", request);
        }

        commands.Lamp.SetBrightness((int)value.Number);
        return CommandOutcome.WithState(request, commands.Lamp.On, commands.Lamp.Brightness);
    }

    private static CommandOutcome DoIdentify(DeviceCommands commands, JsonObject body, string? request)
    {
        var refused = Unknown(body, "seconds", request);
        if (refused != null)
        {
            return refused;
        }

        var seconds = body.Find("seconds");
        if (seconds == null || seconds.Kind != JsonValueKind.Number)
        {
            return CommandOutcome.Failure("\"seconds\" must be an integer 1.." + commands.MaxIdentifySeconds, request);
        }

        if (seconds.Number < 1 || seconds.Number > commands.MaxIdentifySeconds)
        {
            return CommandOutcome.Failure("\"seconds\" " + seconds.Number + " is outside 1.." + commands.MaxIdentifySeconds, request);
        }

        return CommandOutcome.WithAction(request, CommandAction.Identify, (int)seconds.Number);
    }

    private static CommandOutcome DoFactoryReset(DeviceCommands commands, JsonObject body, string? request)
    {
        var refused = Unknown(body, "confirm", request);
        if (refused != null)
        {
            return refused;
        }

        var confirm = body.Find("confirm");
        if (confirm == null || confirm.Kind != JsonValueKind.Text)
        {
            return CommandOutcome.Failure("\"confirm\" must carry the device id", request);
        }

        if (confirm.Text != commands.DeviceId)
        {
            return CommandOutcome.Failure("\"confirm\" does not match the device id", request);
        }

        return CommandOutcome.WithAction(request, CommandAction.FactoryReset, 0);
    }

    // Refusing unknown fields catches typos ("brightnes") that would otherwise succeed while doing nothing.
    private static CommandOutcome? Unknown(JsonObject body, string? allowed, string? request)
    {
        for (int i = 0; i < body.Count; i++)
        {
            var field = body[i].Name;
            if (field != RequestField && field != allowed)
            {
                return CommandOutcome.Failure("unknown field \"" + field + "\"", request);
            }
        }

        return null;
    }
}
