using System.Net;
using Accessory.Core.Device;
using Accessory.Core.Ports;
using Accessory.Core.Provisioning;
using Accessory.Core.Settings;
using Accessory.Simulator.Http;
using Microsoft.Extensions.Logging;

namespace Accessory.Simulator.Provisioning;

/// <summary>
/// Wi-Fi provisioning over HTTP as an ESP32 offers it on its SoftAP: the core's provisioning service (security
/// scheme, endpoints, manager) behind the simulator's HTTP transport. When provisioning ends the HTTP server stops
/// listening, as ESP-IDF stops httpd and the SoftAP: a phone then sees a refused connection, not an HTTP 404.
/// </summary>
public sealed class SoftApProvisioning : IAsyncDisposable
{
    private readonly ProvisioningHttpServer _server;
    private readonly object _gate = new();
    private Task? _serverStop;
    private IPEndPoint? _endPoint;

    public SoftApProvisioning(
        SoftApOptions options,
        ProvisioningManager manager,
        ICryptoProvider crypto,
        IRandom random,
        ILoggerFactory loggers,
        Func<IPEndPoint, System.Net.Sockets.Socket>? createListener = null,
        Func<ISecurityScheme, ProvisioningManager, int, bool, ProvisioningService>? createService = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        options.Validate();
        Options = options;
        var security = SecuritySetup.Create(options, crypto, random);
        bool popUsed = options.Security == 2 || (options.Security == 1 && !string.IsNullOrEmpty(options.ProofOfPossession));
        int patch = options.Security == 2 ? options.Sec2PatchVersion : 0;
        if (createService != null)
        {
            // The device object builds it, with the device's custom endpoints.
            Service = createService(security, manager, patch, popUsed);
        }
        else
        {
            Service = new ProvisioningService(security, manager, patch, popUsed);
            Service.AddCustomDataEndpoint();
        }

        _server = new ProvisioningHttpServer(
            Service.Router,
            random,
            loggers.CreateLogger("Accessory.http"),
            new ProvisioningHttpOptions { BindAddress = options.BindAddress, Port = options.HttpPort, CreateListener = createListener });
    }

    public SoftApOptions Options { get; }

    public ProvisioningService Service { get; }

    /// <summary>Where the HTTP transport listens (the real port when 0 was asked for).</summary>
    /// <remarks>Kept after the server stops, so a banner or a restart can still name it.</remarks>
    public IPEndPoint EndPoint => _endPoint ?? _server.LocalEndPoint;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _server.StartAsync(cancellationToken).ConfigureAwait(false);
        _endPoint = _server.LocalEndPoint;
        Service.Manager.Ended += _ => StopServer();
        Service.Start();
    }

    public ProvisioningQr Qr(string deviceName) => SecuritySetup.Qr(Options, deviceName);

    public async ValueTask DisposeAsync()
    {
        Service.Manager.Dispose();
        await StopServer().ConfigureAwait(false);
        await _server.DisposeAsync().ConfigureAwait(false);
    }

    // Ended is raised on a timer or inside Dispose; the server stops once, off that thread, and Dispose waits for it.
    private Task StopServer()
    {
        lock (_gate)
        {
            return _serverStop ??= Task.Run(() => _server.StopAsync());
        }
    }

    /// <summary>Builds the manager with the device's settings and lifecycle, timed like the radio environment.</summary>
    public static ProvisioningManager CreateManager(
        IWifiRadio radio, IClock clock, SettingsRepository repository, DeviceSettings settings, DeviceLifecycle lifecycle, ILog log, bool fast, SoftApOptions softAp)
    {
        return new ProvisioningManager(radio, clock, repository, settings, lifecycle, log, ManagerOptions(fast, softAp));
    }

    /// <summary>The manager's timing from the SoftAP options and the radio environment's speed.</summary>
    public static ProvisioningOptions ManagerOptions(bool fast, SoftApOptions softAp)
    {
        ArgumentNullException.ThrowIfNull(softAp);
        var options = fast ? ProvisioningOptions.Fast() : new ProvisioningOptions();
        options.AutoStopEnabled = !softAp.KeepAlive;
        options.AutoStopMilliseconds = softAp.AutoStopSeconds * 1000;
        if (softAp.ApplyDelayMilliseconds is int applyDelay)
        {
            options.ApplyDelayMilliseconds = applyDelay;
        }

        return options;
    }
}
