using Accessory.Core.Device;
using Accessory.Core.Ports;
using Accessory.Core.Settings;

namespace Accessory.Core.Wifi;

/// <summary>
/// Keeps a provisioned device on its stored network, as ESP-IDF's station does after a reboot: join with the
/// stored credentials, and after a failure or a lost link retry with a capped exponential backoff
/// (1 s, 2 s, 4 s ... 30 s). Drives the lifecycle's Connected / ConnectionFailed / ConnectionLost triggers.
/// </summary>
public sealed class StationKeeper
{
    private const string Component = "station";
    private const int FirstRetryMilliseconds = 1000;
    private const int MaxRetryMilliseconds = 30000;
    private readonly IWifiRadio _radio;
    private readonly IClock _clock;
    private readonly DeviceSettings _settings;
    private readonly DeviceLifecycle _lifecycle;
    private readonly ILog _log;
    private readonly object _gate = new object();
    private int _retryMilliseconds = FirstRetryMilliseconds;
    private IScheduledWork? _retry;
    private bool _running;

    public StationKeeper(IWifiRadio radio, IClock clock, DeviceSettings settings, DeviceLifecycle lifecycle, ILog log)
    {
        _radio = radio;
        _clock = clock;
        _settings = settings;
        _lifecycle = lifecycle;
        _log = log;
        _radio.LinkLost += OnLinkLost;
    }

    /// <summary>The address of the current link, or empty while not joined.</summary>
    public string Ip4Address { get; private set; } = string.Empty;

    /// <summary>Starts joining the stored network; false when no credentials are stored.</summary>
    public bool Start()
    {
        lock (_gate)
        {
            if (!_settings.Contains(SettingKeys.WifiSsid))
            {
                return false;
            }

            _running = true;
        }

        Join();
        return true;
    }

    /// <summary>Takes over after provisioning joined the network, so a later link loss is retried.</summary>
    public void Adopt(string ip4Address)
    {
        lock (_gate)
        {
            _running = true;
            _retryMilliseconds = FirstRetryMilliseconds;
            Ip4Address = ip4Address;
        }
    }

    public void Stop()
    {
        lock (_gate)
        {
            _running = false;
            _retry?.Cancel();
            _retry = null;
        }
    }

    private void Join()
    {
        byte[]? ssid;
        byte[] passphrase;
        byte[] bssid;
        lock (_gate)
        {
            if (!_running)
            {
                return;
            }

            ssid = _settings.GetBytes(SettingKeys.WifiSsid);
            passphrase = _settings.GetBytes(SettingKeys.WifiPassphrase) ?? new byte[0];
            bssid = _settings.GetBytes(SettingKeys.WifiBssid) ?? new byte[0];
        }

        if (ssid == null)
        {
            return;
        }

        _log.Write(LogLevel.Information, Component, "joining the stored network");
        _radio.Connect(ssid, passphrase, bssid, OnJoined);
    }

    private void OnJoined(WifiConnectResult result)
    {
        if (result.Connected)
        {
            lock (_gate)
            {
                _retryMilliseconds = FirstRetryMilliseconds;
                Ip4Address = result.Ip4Address;
            }

            _log.Write(LogLevel.Information, Component, "joined, address " + result.Ip4Address);
            _lifecycle.TryFire(DeviceTrigger.Connected);
            return;
        }

        _lifecycle.TryFire(DeviceTrigger.ConnectionFailed);
        ScheduleRetry(result.FailReason == WifiFailReason.AuthError ? "authentication failed" : "network not found");
    }

    private void OnLinkLost(string reason)
    {
        lock (_gate)
        {
            if (!_running)
            {
                return;
            }

            Ip4Address = string.Empty;
        }

        _lifecycle.TryFire(DeviceTrigger.ConnectionLost);
        ScheduleRetry("link lost: " + reason);
    }

    private void ScheduleRetry(string why)
    {
        int delay;
        lock (_gate)
        {
            if (!_running)
            {
                return;
            }

            delay = _retryMilliseconds;
            _retryMilliseconds = _retryMilliseconds >= MaxRetryMilliseconds / 2 ? MaxRetryMilliseconds : _retryMilliseconds * 2;
            _retry?.Cancel();
            _retry = _clock.Schedule(delay, Join);
        }

        _log.Write(LogLevel.Warning, Component, why + "; retrying in " + delay + " ms");
    }
}
