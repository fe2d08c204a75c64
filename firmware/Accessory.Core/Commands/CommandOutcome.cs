using Accessory.Core.Cloud.Json;

namespace Accessory.Core.Commands;

/// <summary>
/// The result of one command: published on MQTT .../cmd/&lt;name&gt;/result and returned by the local API, with the
/// same JSON on both.
/// </summary>
public sealed class CommandOutcome
{
    private CommandOutcome(bool ok, string error, string? request)
    {
        Ok = ok;
        Error = error;
        Request = request;
    }

    public bool Ok { get; }

    /// <summary>Why the command was refused; empty when it succeeded.</summary>
    public string Error { get; }

    /// <summary>The caller's correlation value, echoed back when it sent one.</summary>
    public string? Request { get; }

    public CommandAction Action { get; private set; }

    public int Seconds { get; private set; }

    /// <summary>State after a power/brightness command, reported with the result.</summary>
    public bool ReportState { get; private set; }

    public bool On { get; private set; }

    public int Brightness { get; private set; }

    public static CommandOutcome Failure(string error, string? request) => new CommandOutcome(false, error, request);

    public static CommandOutcome Success(string? request) => new CommandOutcome(true, string.Empty, request);

    public static CommandOutcome WithState(string? request, bool on, int brightness)
    {
        var outcome = new CommandOutcome(true, string.Empty, request);
        outcome.ReportState = true;
        outcome.On = on;
        outcome.Brightness = brightness;
        return outcome;
    }

    public static CommandOutcome WithAction(string? request, CommandAction action, int seconds)
    {
        var outcome = new CommandOutcome(true, string.Empty, request);
        outcome.Action = action;
        outcome.Seconds = seconds;
        return outcome;
    }

    public byte[] ToJson()
    {
        var writer = new JsonWriter().WriteBoolean("ok", Ok);
        if (!Ok)
        {
            writer.WriteString("error", Error);
        }

        if (ReportState)
        {
            writer.WriteBoolean("on", On).WriteNumber("brightness", Brightness);
        }

        if (Action == CommandAction.Identify)
        {
            writer.WriteNumber("seconds", Seconds);
        }

        if (Request != null)
        {
            writer.WriteString("request", Request);
        }

        return writer.ToBytes();
    }
}
