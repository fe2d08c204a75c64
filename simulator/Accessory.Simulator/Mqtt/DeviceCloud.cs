using Accessory.Core.Cloud;
using Accessory.Core.Commands;
using Accessory.Core.Device;
using Accessory.Core.Ports;

namespace Accessory.Simulator.Mqtt;

/// <summary>
/// The device's cloud link: the core's <see cref="CloudLink"/> over MQTTnet, plus the embedded broker when asked
/// for. Commands run on the device's <see cref="DeviceCommands"/>, which the device also hands to its other
/// transports; the device subscribes to their side effects (identify, reboot, factory reset).
/// </summary>
public sealed class DeviceCloud : IAsyncDisposable
{
    private const string Component = "cloud";
    private readonly EmbeddedBroker? _broker;
    private readonly MqttNetLink _link;
    private readonly ILog _log;

    private DeviceCloud(EmbeddedBroker? broker, MqttNetLink link, CloudLink cloud, ILog log)
    {
        _broker = broker;
        _link = link;
        Link = cloud;
        _log = log;
    }

    public CloudLink Link { get; }

    public BrokerUri Broker => _link.Broker;

    /// <param name="embeddedCredentials">What the embedded broker requires and the link presents (embedded broker only).</param>
    public static async Task<DeviceCloud> StartAsync(CloudOptions options, DeviceCommands commands, DeviceLifecycle lifecycle, IClock clock, IRandom random, ILog log, BrokerCredentials? embeddedCredentials = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(commands);
        EmbeddedBroker? broker = null;
        var uri = options.Broker;
        if (uri.Kind == BrokerUriKind.Embedded)
        {
            broker = new EmbeddedBroker(uri.Port, null, embeddedCredentials);
            await broker.StartAsync().ConfigureAwait(false);
            uri = broker.Uri;
        }

        var link = new MqttNetLink(uri, options.Tls, log, broker is null ? null : embeddedCredentials);
        var settings = new CloudLinkSettings { QueueCapacity = options.QueueCapacity, TelemetryIntervalMilliseconds = options.TelemetryIntervalMilliseconds };
        var cloud = new CloudLink(commands.DeviceId, link, clock, random, log, lifecycle, commands, settings);
        var device = new DeviceCloud(broker, link, cloud, log);
        cloud.Start();
        return device;
    }

    /// <summary>
    /// Fault hook (mqtt.broker-outage): the embedded broker is really stopped and started again after
    /// <paramref name="duration"/>; an external broker is made unreachable for the device for that long. Completes
    /// when the window is over.
    /// </summary>
    public async Task SimulateBrokerOutageAsync(TimeSpan duration, CancellationToken cancellation)
    {
        if (_broker is null)
        {
            _link.SimulateOutage(duration);
            await Task.Delay(duration, cancellation).ConfigureAwait(false);
            return;
        }

        _log.Write(LogLevel.Warning, Component, "fault mqtt.broker-outage: embedded broker stopped for " + duration.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " s");
        await _broker.StopAsync().ConfigureAwait(false);
        try
        {
            await Task.Delay(duration, cancellation).ConfigureAwait(false);
        }
        finally
        {
            await _broker.StartAsync().ConfigureAwait(false);
            _log.Write(LogLevel.Information, Component, "fault mqtt.broker-outage: embedded broker back");
        }
    }

    /// <summary>The device lost its network: the broker connection drops without DISCONNECT (its Will fires).</summary>
    public void NetworkLost() => _link.DropConnection();

    public async ValueTask DisposeAsync()
    {
        Link.Stop();
        _link.Dispose();
        if (_broker != null)
        {
            await _broker.DisposeAsync().ConfigureAwait(false);
        }

        _log.Write(LogLevel.Information, Component, "cloud link closed");
    }
}
