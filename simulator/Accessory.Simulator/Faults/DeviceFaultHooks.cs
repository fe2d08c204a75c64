using Accessory.Core.Ports;
using Accessory.Simulator.Mqtt;
using Accessory.Simulator.Radio;

namespace Accessory.Simulator.Faults;

/// <summary>
/// Applies the faults that act on the device rather than on one connection: wifi.ap-lost takes the joined
/// network off the air, mqtt.broker-outage cuts the cloud's broker. Each clears itself when its window is over.
/// </summary>
internal sealed class DeviceFaultHooks : IDisposable
{
    private const string Component = "faults";
    private readonly ActiveFaults _faults;
    private readonly VirtualRadio _radio;
    private readonly Func<DeviceCloud?> _cloud;
    private readonly ILog _log;
    private readonly CancellationTokenSource _stopping = new();

    public DeviceFaultHooks(ActiveFaults faults, VirtualRadio radio, Func<DeviceCloud?> cloud, ILog log)
    {
        _faults = faults;
        _radio = radio;
        _cloud = cloud;
        _log = log;
    }

    public void Start()
    {
        _faults.Changed += OnChanged;
        foreach (var spec in _faults.Snapshot())
        {
            Apply(spec);
        }
    }

    public void Dispose()
    {
        _faults.Changed -= OnChanged;
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private void OnChanged(object? sender, FaultChangedEventArgs e)
    {
        if (e.Spec is not null)
        {
            // Changed is raised under the registry's lock: act outside it.
            var spec = e.Spec;
            _ = Task.Run(() => Apply(spec));
        }
    }

    private void Apply(FaultSpec spec)
    {
        if (spec.Name == FaultNames.WifiApLost)
        {
            var duration = spec.GetDuration("duration");
            var ssid = _radio.TakeJoinedNetworkDown((int)duration.TotalMilliseconds);
            _log.Write(LogLevel.Information, Component, ssid is null
                ? "fault wifi.ap-lost: the device is not joined to any network; nothing to take down"
                : "fault wifi.ap-lost: the access point is off the air for " + duration.TotalSeconds + " s");
            _ = ClearAfterAsync(spec, duration);
        }
        else if (spec.Name == FaultNames.MqttBrokerOutage)
        {
            _ = BrokerOutageAsync(spec);
        }
    }

    private async Task BrokerOutageAsync(FaultSpec spec)
    {
        var cloud = _cloud();
        var duration = spec.GetDuration("duration");
        if (cloud is null)
        {
            _log.Write(LogLevel.Warning, Component, "fault mqtt.broker-outage: the device has no cloud link (--no-cloud)");
        }
        else
        {
            try
            {
                await cloud.SimulateBrokerOutageAsync(duration, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        await ClearAfterAsync(spec, TimeSpan.Zero).ConfigureAwait(false);
    }

    private async Task ClearAfterAsync(FaultSpec spec, TimeSpan after)
    {
        try
        {
            await Task.Delay(after, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        _faults.ClearIfCurrent(spec);
    }
}
