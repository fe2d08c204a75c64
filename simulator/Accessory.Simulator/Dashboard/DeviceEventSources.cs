using Accessory.Core.Device;
using Accessory.Simulator.Events;
using Accessory.Simulator.Faults;

namespace Accessory.Simulator.Dashboard;

/// <summary>
/// Turns the device's own notifications into stream events: lifecycle changes (kind state), provisioning outcomes
/// (provisioning), faults set, updated and cleared (fault), hand changes to the radio environment (radio).
/// Log lines reach the stream through <see cref="EventHubLoggerProvider"/>.
/// </summary>
internal sealed class DeviceEventSources : IDisposable
{
    private readonly SimulatedDevice _device;
    private readonly DeviceEventHub _hub;
    private readonly object _gate = new();
    private readonly HashSet<string> _active = new(StringComparer.Ordinal);
    private bool _provisioningFlow;

    public DeviceEventSources(SimulatedDevice device, DeviceEventHub hub)
    {
        _device = device;
        _hub = hub;
        foreach (var spec in device.Faults.Snapshot())
        {
            _active.Add(spec.Name);
        }

        _provisioningFlow = device.Lifecycle.State is DeviceState.Provisioning or DeviceState.Unprovisioned;
        device.Lifecycle.StateChanged += OnStateChanged;
        device.Faults.Changed += OnFaultChanged;
        device.Radio.EnvironmentChanged += OnRadioChanged;
        device.Radio.LinkLost += OnLinkLost;
    }

    public void Dispose()
    {
        _device.Lifecycle.StateChanged -= OnStateChanged;
        _device.Faults.Changed -= OnFaultChanged;
        _device.Radio.EnvironmentChanged -= OnRadioChanged;
        _device.Radio.LinkLost -= OnLinkLost;
    }

    private void OnStateChanged(DeviceState from, DeviceState to, DeviceTrigger trigger)
    {
        _hub.Publish("state", "info", "device", $"{DeviceLifecycle.StateName(from)} -> {DeviceLifecycle.StateName(to)} ({DeviceLifecycle.TriggerName(trigger)})");
        bool report;
        lock (_gate)
        {
            if (to == DeviceState.Provisioning)
            {
                _provisioningFlow = true;
            }

            report = _provisioningFlow && from == DeviceState.Connecting;
            if (report && to == DeviceState.Online)
            {
                _provisioningFlow = false;
            }
        }

        if (!report)
        {
            return;
        }

        if (to == DeviceState.Online)
        {
            var joined = _device.Radio.JoinedAccessPoint;
            string network = joined == null ? string.Empty : " " + Accessory.Core.Text.Utf8.Decode(joined.Ssid);
            _hub.Publish("provisioning", "info", "provisioning", "provisioned: joined" + network);
        }
        else
        {
            _hub.Publish("provisioning", "warning", "provisioning", "provisioning failed: the device could not join the network (" + DeviceLifecycle.TriggerName(trigger) + ")");
        }
    }

    private void OnFaultChanged(object? sender, FaultChangedEventArgs e)
    {
        string message;
        lock (_gate)
        {
            if (e.Spec is null)
            {
                _active.Remove(e.Name);
                message = "fault " + e.Name + " cleared";
            }
            else
            {
                message = (_active.Add(e.Name) ? "fault set: " : "fault updated: ") + e.Spec;
            }
        }

        _hub.Publish("fault", "info", "faults", message);
    }

    private void OnRadioChanged(string message) => _hub.Publish("radio", "info", "radio", message);

    private void OnLinkLost(string reason) => _hub.Publish("radio", "warning", "radio", "station lost its link: " + reason);
}
