using Accessory.Simulator.Events;
using Accessory.Simulator.Faults;
using Accessory.Simulator.Metrics;

namespace Accessory.Simulator.Dashboard;

/// <summary>
/// Puts the dashboard, <c>/status</c>, <c>/events</c> and <c>/metrics</c> on a device's control server, and feeds
/// the event stream and the metrics from the device. Dispose to stop feeding them.
/// </summary>
public sealed class DeviceDashboard : IDisposable
{
    private readonly SimulatedDevice _device;
    private readonly DeviceEventHub _hub;
    private readonly DeviceEventSources _sources;
    private readonly Action _sampler;

    private DeviceDashboard(SimulatedDevice device, DeviceEventHub hub, DeviceEventSources sources, Action sampler)
    {
        _device = device;
        _hub = hub;
        _sources = sources;
        _sampler = sampler;
    }

    /// <summary>
    /// Starts feeding the event stream and the metrics from <paramref name="device"/>; call before the device starts
    /// so the stream holds its first state changes, then <see cref="Serve"/> once the control server runs.
    /// </summary>
    /// <param name="hub">The device's event stream; give the same hub to <see cref="EventHubLoggerProvider"/> so log lines appear too.</param>
    public static DeviceDashboard Follow(SimulatedDevice device, DeviceEventHub hub)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(hub);
        var sources = new DeviceEventSources(device, hub);
        ProvisioningSessionTracker.Shared.Observe(device.Lifecycle);
        Action sampler = () =>
        {
            var cloud = device.Cloud;
            if (cloud is null)
            {
                return;
            }

            SimulatorMetrics.MqttConnected.Set(cloud.Link.IsConnected ? 1 : 0);
            SimulatorMetrics.MqttQueueDepth.Set(cloud.Link.Queued);
            SimulatorMetrics.MqttPublishes.IncTo(cloud.Link.Published);
            SimulatorMetrics.MqttDropped.IncTo(cloud.Link.Dropped);
        };
        SimulatorMetrics.AddSampler(sampler);
        return new DeviceDashboard(device, hub, sources, sampler);
    }

    /// <summary>
    /// Adds the page, /status, /events, /qr.svg, /metrics and /radio to <paramref name="control"/>, and follows the
    /// started device's provisioning sessions (SoftAP/HTTP and BLE) for the metrics.
    /// </summary>
    public void Serve(FaultControlServer control)
    {
        ArgumentNullException.ThrowIfNull(control);
        if (_device.Provisioning is { } provisioning)
        {
            ProvisioningSessionTracker.Shared.Observe(provisioning.Service.Router);
        }

        control.AddRoutes(new DashboardRoutes(new StatusDocument(_device, () => control.Port), _hub));
    }

    public void Dispose()
    {
        _sources.Dispose();
        SimulatorMetrics.RemoveSampler(_sampler);
    }
}
