using System;
using Accessory.Core.Cloud;

namespace Accessory.Core.Commands;

/// <summary>
/// Executes device commands against the lamp, whichever transport brought them (MQTT, local API). Execution is
/// split in two so every transport can hand its result out before the side effects the body owns (identify,
/// reboot, factory reset) are raised: <see cref="Execute"/> validates and changes the lamp,
/// <see cref="Complete"/> raises the requested action.
/// </summary>
public sealed class DeviceCommands
{
    public const int DefaultMaxIdentifySeconds = 300;

    public DeviceCommands(string deviceId, LampState lamp)
        : this(deviceId, lamp, DefaultMaxIdentifySeconds)
    {
    }

    public DeviceCommands(string deviceId, LampState lamp, int maxIdentifySeconds)
    {
        if (deviceId == null || lamp == null)
        {
            throw new ArgumentNullException(nameof(deviceId), "device id and lamp are required");
        }

        if (maxIdentifySeconds < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxIdentifySeconds), "identify must allow at least 1 s");
        }

        DeviceId = deviceId;
        Lamp = lamp;
        MaxIdentifySeconds = maxIdentifySeconds;
    }

    public event IdentifyRequestedHandler? IdentifyRequested;

    public event DeviceActionRequestedHandler? RebootRequested;

    public event DeviceActionRequestedHandler? FactoryResetRequested;

    /// <summary>What a factory reset must be confirmed with.</summary>
    public string DeviceId { get; }

    public LampState Lamp { get; }

    /// <summary>Longest identify blink a command may ask for.</summary>
    public int MaxIdentifySeconds { get; }

    /// <summary>
    /// Validates <paramref name="payload"/> (a flat JSON object) for command <paramref name="name"/> and applies
    /// power/brightness changes. Never throws on any input; a refused command changes nothing.
    /// </summary>
    public CommandOutcome Execute(string name, byte[] payload) => CommandExecutor.Execute(this, name, payload);

    /// <summary>Raises the action <paramref name="outcome"/> asked for, if any.</summary>
    public void Complete(CommandOutcome outcome)
    {
        if (outcome == null || !outcome.Ok)
        {
            return;
        }

        switch (outcome.Action)
        {
            case CommandAction.Identify:
                IdentifyRequested?.Invoke(outcome.Seconds);
                break;
            case CommandAction.Reboot:
                RebootRequested?.Invoke();
                break;
            case CommandAction.FactoryReset:
                FactoryResetRequested?.Invoke();
                break;
        }
    }
}
