using System;

namespace Accessory.Core.Device;

/// <summary>
/// The device lifecycle: Unprovisioned -> Provisioning -> Connecting -> Online, with factory reset from anywhere.
/// A failed join during provisioning goes back to Provisioning (the phone can send new credentials, as ESP-IDF's
/// manager allows when built to); a failed join with stored credentials stays in Connecting and retries, as an
/// ESP32 that lost its router does.
/// </summary>
public sealed class DeviceLifecycle
{
    private readonly object _gate = new object();
    private bool _credentialsFromPhone;

    public DeviceLifecycle(bool hasStoredCredentials)
    {
        State = hasStoredCredentials ? DeviceState.Connecting : DeviceState.Unprovisioned;
    }

    public event DeviceStateChangedHandler? StateChanged;

    /// <summary>
    /// Raised for a valid transition before <see cref="State"/> takes the new value, so what must be ready when the
    /// state is seen (a listener that accepts once the device reads online) is ready first. Runs under the
    /// lifecycle's lock: a handler must be short and must not fire triggers.
    /// </summary>
    public event DeviceStateChangedHandler? StateChanging;

    public DeviceState State { get; private set; }

    /// <summary>Applies <paramref name="trigger"/>; false (and no change) when it is not valid in the current state.</summary>
    public bool TryFire(DeviceTrigger trigger)
    {
        DeviceState from;
        DeviceState to;
        lock (_gate)
        {
            from = State;
            if (!TryNext(from, trigger, out to))
            {
                return false;
            }

            if (trigger == DeviceTrigger.CredentialsApplied)
            {
                _credentialsFromPhone = true;
            }
            else if (trigger == DeviceTrigger.Connected || trigger == DeviceTrigger.FactoryReset)
            {
                _credentialsFromPhone = false;
            }

            StateChanging?.Invoke(from, to, trigger);
            State = to;
        }

        StateChanged?.Invoke(from, to, trigger);
        return true;
    }

    /// <summary>
    /// A reboot: the state a fresh boot would start in (Connecting with stored credentials, else Unprovisioned),
    /// from whatever state the device was in; raises <see cref="StateChanged"/> with <see cref="DeviceTrigger.Reboot"/>
    /// when the state changes.
    /// </summary>
    public void Reboot(bool hasStoredCredentials)
    {
        DeviceState from;
        DeviceState to = hasStoredCredentials ? DeviceState.Connecting : DeviceState.Unprovisioned;
        lock (_gate)
        {
            from = State;
            _credentialsFromPhone = false;
            State = to;
        }

        if (from != to)
        {
            StateChanged?.Invoke(from, to, DeviceTrigger.Reboot);
        }
    }

    /// <summary>Like <see cref="TryFire"/> but a trigger that is not valid now is a programming error.</summary>
    public void Fire(DeviceTrigger trigger)
    {
        var before = State;
        if (!TryFire(trigger))
        {
            throw new InvalidOperationException("device cannot take " + TriggerName(trigger) + " while " + StateName(before));
        }
    }

    public static string StateName(DeviceState state)
    {
        switch (state)
        {
            case DeviceState.Unprovisioned: return "unprovisioned";
            case DeviceState.Provisioning: return "provisioning";
            case DeviceState.Connecting: return "connecting";
            case DeviceState.Online: return "online";
            default: return "state " + (int)state;
        }
    }

    public static string TriggerName(DeviceTrigger trigger)
    {
        switch (trigger)
        {
            case DeviceTrigger.StartProvisioning: return "start-provisioning";
            case DeviceTrigger.CredentialsApplied: return "credentials-applied";
            case DeviceTrigger.Connected: return "connected";
            case DeviceTrigger.ConnectionFailed: return "connection-failed";
            case DeviceTrigger.ConnectionLost: return "connection-lost";
            case DeviceTrigger.Reprovision: return "reprovision";
            case DeviceTrigger.FactoryReset: return "factory-reset";
            case DeviceTrigger.Reboot: return "reboot";
            default: return "trigger " + (int)trigger;
        }
    }

    private bool TryNext(DeviceState from, DeviceTrigger trigger, out DeviceState to)
    {
        to = from;
        switch (trigger)
        {
            case DeviceTrigger.FactoryReset:
                to = DeviceState.Unprovisioned;
                return true;
            case DeviceTrigger.StartProvisioning:
                to = DeviceState.Provisioning;
                return from == DeviceState.Unprovisioned;
            case DeviceTrigger.CredentialsApplied:
                to = DeviceState.Connecting;
                return from == DeviceState.Provisioning;
            case DeviceTrigger.Connected:
                to = DeviceState.Online;
                return from == DeviceState.Connecting;
            case DeviceTrigger.ConnectionFailed:
                to = _credentialsFromPhone ? DeviceState.Provisioning : DeviceState.Connecting;
                return from == DeviceState.Connecting;
            case DeviceTrigger.ConnectionLost:
                to = DeviceState.Connecting;
                return from == DeviceState.Online;
            case DeviceTrigger.Reprovision:
                to = DeviceState.Provisioning;
                return from == DeviceState.Online || from == DeviceState.Connecting;
            default:
                return false;
        }
    }
}
