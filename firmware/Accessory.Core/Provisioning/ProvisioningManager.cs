using System;
using Accessory.Core.Device;
using Accessory.Core.Ports;
using Accessory.Core.Provisioning.Messages;
using Accessory.Core.Settings;
using Accessory.Core.Text;
using Accessory.Core.Wifi;

namespace Accessory.Core.Provisioning;

/// <summary>
/// The ESP-IDF 5.x provisioning manager: takes credentials from prov-config, joins after a short delay, reports the
/// outcome through GetStatus, stores credentials only after a successful join, and ends provisioning after the
/// phone has seen the success (or after an auto-stop timeout). Thread-safe: requests arrive on transport threads,
/// radio and timer callbacks on the body's threads.
/// </summary>
public sealed class ProvisioningManager : IDisposable
{
    /// <summary>Longest SSID SetConfig accepts (802.11's limit).</summary>
    public const int MaxSsidLength = 32;

    /// <summary>Longest passphrase SetConfig accepts: ESP-IDF's char[64] field keeps one byte for the terminator.</summary>
    public const int MaxPassphraseLength = 63;

    private const string Component = "prov";
    private readonly IWifiRadio _radio;
    private readonly IClock _clock;
    private readonly SettingsRepository _repository;
    private readonly DeviceSettings _settings;
    private readonly DeviceLifecycle _lifecycle;
    private readonly ILog _log;
    private readonly object _gate = new object();
    private ProtocommRouter? _router;
    private ProvisioningState _state = ProvisioningState.Idle;
    private StationStatus? _station;
    private byte[]? _pendingSsid;
    private byte[]? _pendingPassphrase;
    private byte[]? _pendingBssid;
    private int _attempt;
    private int _retriesLeft;
    private bool _connectedReported;
    private IScheduledWork? _applyTimer;
    private IScheduledWork? _cleanupTimer;
    private IScheduledWork? _autoStopTimer;

    public ProvisioningManager(IWifiRadio radio, IClock clock, SettingsRepository repository, DeviceSettings settings, DeviceLifecycle lifecycle, ILog log, ProvisioningOptions options)
    {
        _radio = radio;
        _clock = clock;
        _repository = repository;
        _settings = settings;
        _lifecycle = lifecycle;
        _log = log;
        Options = options;
        Scanner = new ScanResults(radio);
    }

    /// <summary>Raised once when provisioning ends (cleanup after success, auto-stop, or <see cref="Stop"/>).</summary>
    public event ProvisioningEndedHandler? Ended;

    public ProvisioningOptions Options { get; }

    public ScanResults Scanner { get; }

    /// <summary>The settings the manager writes credentials into; lock it while changing it from elsewhere.</summary>
    public DeviceSettings Settings => _settings;

    public SettingsRepository Repository => _repository;

    public ProvisioningState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>The outcome of the last join attempt, or null before any was applied.</summary>
    public StationStatus? LastStation
    {
        get
        {
            lock (_gate)
            {
                return _station;
            }
        }
    }

    /// <summary>How many times credentials were applied (each may include retries), for logs and tests.</summary>
    public int Attempts
    {
        get
        {
            lock (_gate)
            {
                return _attempt;
            }
        }
    }

    /// <summary>The router whose endpoints close when provisioning ends.</summary>
    public void AttachRouter(ProtocommRouter router)
    {
        lock (_gate)
        {
            _router = router;
        }
    }

    public void Start()
    {
        lock (_gate)
        {
            if (_state != ProvisioningState.Idle)
            {
                throw new InvalidOperationException("provisioning was already started");
            }

            _state = ProvisioningState.Started;
            if (_router != null)
            {
                _router.Stopped = false;
            }
        }

        _lifecycle.TryFire(DeviceTrigger.StartProvisioning);
        Log(LogLevel.Information, "provisioning started");
    }

    /// <summary>Ends provisioning now: endpoints are refused from here on.</summary>
    public void Stop() => End("stopped by the application");

    /// <summary>Ends provisioning and releases the scan wait handle.</summary>
    public void Dispose()
    {
        End("disposed");
        Scanner.Dispose();
    }

    /// <summary>prov-config SetConfig: validates and keeps the credentials until ApplyConfig.</summary>
    public StatusCode SetConfig(byte[] ssid, byte[] passphrase, byte[] bssid, int channel)
    {
        // As ESP-IDF: the SSID has no lower bound (an empty one fails at the join, network not found), and the
        // passphrase field is char[64] with its terminator, so 64 bytes or more do not fit.
        if (ssid.Length > MaxSsidLength || passphrase.Length > MaxPassphraseLength || (bssid.Length != 0 && bssid.Length != 6))
        {
            Log(LogLevel.Warning, "SetConfig refused: ssid " + ssid.Length + " bytes, passphrase " + passphrase.Length + " bytes, bssid " + bssid.Length + " bytes");
            return StatusCode.InvalidArgument;
        }

        lock (_gate)
        {
            if (_state == ProvisioningState.Idle || _state == ProvisioningState.Stopped)
            {
                return StatusCode.InternalError;
            }

            _pendingSsid = Copy(ssid);
            _pendingPassphrase = Copy(passphrase);
            _pendingBssid = Copy(bssid);
        }

        Log(LogLevel.Information, "credentials received for ssid " + Describe(ssid) + (channel != 0 ? " (channel hint " + channel + ")" : string.Empty));
        return StatusCode.Success;
    }

    /// <summary>prov-config ApplyConfig: replies at once and joins after <see cref="ProvisioningOptions.ApplyDelayMilliseconds"/>.</summary>
    public StatusCode ApplyConfig()
    {
        int attempt;
        byte[] ssid;
        byte[] passphrase;
        byte[] bssid;
        lock (_gate)
        {
            if (_state != ProvisioningState.Started || _pendingSsid == null)
            {
                Log(LogLevel.Warning, "ApplyConfig refused while " + StateName(_state) + (_pendingSsid == null ? " without credentials" : string.Empty));
                return StatusCode.InternalError;
            }

            _state = ProvisioningState.CredentialsReceived;
            _station = StationStatus.Connecting();
            _connectedReported = false;
            attempt = ++_attempt;
            _retriesLeft = Options.ConnectAttempts > 1 ? Options.ConnectAttempts - 1 : 0;

            // The join uses the credentials as applied; a SetConfig arriving during the delay must not change them.
            ssid = _pendingSsid;
            passphrase = _pendingPassphrase ?? new byte[0];
            bssid = _pendingBssid ?? new byte[0];
        }

        // The lifecycle moves to Connecting before the join is even scheduled, so its Connected can never come first.
        _lifecycle.TryFire(DeviceTrigger.CredentialsApplied);
        lock (_gate)
        {
            if (attempt == _attempt && _state == ProvisioningState.CredentialsReceived)
            {
                Cancel(ref _applyTimer);
                _applyTimer = _clock.Schedule(Options.ApplyDelayMilliseconds, () => BeginConnect(attempt, ssid, passphrase, bssid));
            }
        }

        Log(LogLevel.Information, "applying credentials; joining in " + Options.ApplyDelayMilliseconds + " ms");
        return StatusCode.Success;
    }

    /// <summary>The station's status as it stands, without counting as a report to the phone (for the device's own polling).</summary>
    public StationStatus? PeekStatus()
    {
        lock (_gate)
        {
            return _station;
        }
    }

    /// <summary>
    /// prov-config GetStatus, or null when nothing was applied yet (a handler error). The first report of Connected
    /// starts the cleanup that ends provisioning: from then on the phone knows, so the session may close.
    /// </summary>
    public StationStatus? GetStatus()
    {
        lock (_gate)
        {
            if (_station != null && _station.State == StationState.Connected && _state == ProvisioningState.Succeeded && !_connectedReported)
            {
                _connectedReported = true;
                if (Options.AutoStopEnabled)
                {
                    Cancel(ref _cleanupTimer);
                    _cleanupTimer = _clock.Schedule(Options.CleanupDelayMilliseconds, () => End("the phone saw the connection"));
                }
            }

            return _station;
        }
    }

    /// <summary>prov-ctrl reset: forgets a failed attempt so new credentials can be sent; refused otherwise.</summary>
    public StatusCode ResetAfterFailure()
    {
        lock (_gate)
        {
            bool failed = _station != null && _station.State == StationState.ConnectionFailed;
            if (!failed || (_state != ProvisioningState.Failed && _state != ProvisioningState.Started))
            {
                return StatusCode.InternalError;
            }

            _state = ProvisioningState.Started;
            _station = null;
            _pendingSsid = null;
            _pendingPassphrase = null;
            _pendingBssid = null;
        }

        Log(LogLevel.Information, "reset after a failed attempt; waiting for new credentials");
        return StatusCode.Success;
    }

    /// <summary>prov-ctrl reprov: accepts new credentials after a successful join while provisioning is still alive.</summary>
    public StatusCode Reprovision()
    {
        lock (_gate)
        {
            if (_state != ProvisioningState.Succeeded)
            {
                return StatusCode.InternalError;
            }

            _state = ProvisioningState.Started;
            _station = null;
            _connectedReported = false;
            _pendingSsid = null;
            _pendingPassphrase = null;
            _pendingBssid = null;
            Cancel(ref _cleanupTimer);
            Cancel(ref _autoStopTimer);
        }

        _lifecycle.TryFire(DeviceTrigger.Reprovision);
        Log(LogLevel.Information, "reprovisioning: waiting for new credentials");
        return StatusCode.Success;
    }

    private void BeginConnect(int attempt, byte[] ssid, byte[] passphrase, byte[] bssid)
    {
        lock (_gate)
        {
            _applyTimer = null;
            if (attempt != _attempt || _state != ProvisioningState.CredentialsReceived)
            {
                return;
            }
        }

        Log(LogLevel.Information, "joining " + Describe(ssid));
        _radio.Connect(ssid, passphrase, bssid, result => Completed(attempt, ssid, passphrase, bssid, result));
    }

    private void Completed(int attempt, byte[] ssid, byte[] passphrase, byte[] bssid, WifiConnectResult result)
    {
        bool retrying = false;
        lock (_gate)
        {
            if (attempt != _attempt || _state != ProvisioningState.CredentialsReceived)
            {
                return;
            }

            if (result.Connected && result.AccessPoint != null)
            {
                StoreCredentials(ssid, passphrase, bssid);
                _state = ProvisioningState.Succeeded;
                _station = StationStatus.Connected(result.AccessPoint, result.Ip4Address);
                _pendingPassphrase = null;
                if (Options.AutoStopEnabled)
                {
                    Cancel(ref _autoStopTimer);
                    _autoStopTimer = _clock.Schedule(Options.AutoStopMilliseconds, () => End("auto-stop after a successful join"));
                }
            }
            else if (_retriesLeft > 0)
            {
                // attempts_remaining counts the attempts still to come, this retry included.
                _station = new StationStatus(StationState.Connecting, result.FailReason, null, string.Empty, _retriesLeft);
                _retriesLeft--;
                Cancel(ref _applyTimer);
                _applyTimer = _clock.Schedule(Options.RetryDelayMilliseconds, () => BeginConnect(attempt, ssid, passphrase, bssid));
                retrying = true;
            }
            else
            {
                _state = Options.ResetOnFailure ? ProvisioningState.Started : ProvisioningState.Failed;
                _station = StationStatus.Failed(result.FailReason);
            }
        }

        if (retrying)
        {
            Log(LogLevel.Warning, "joining " + Describe(ssid) + " failed (" + FailText(result.FailReason) + "); retrying");
        }
        else if (result.Connected && result.AccessPoint != null)
        {
            Log(LogLevel.Information, "joined " + Describe(ssid) + " with address " + result.Ip4Address + "; credentials stored");
            _lifecycle.TryFire(DeviceTrigger.Connected);
        }
        else
        {
            Log(LogLevel.Warning, "joining " + Describe(ssid) + " failed: " + FailText(result.FailReason));
            _lifecycle.TryFire(DeviceTrigger.ConnectionFailed);
        }
    }

    private void StoreCredentials(byte[] ssid, byte[] passphrase, byte[] bssid)
    {
        lock (_settings)
        {
            _settings.SetBytes(SettingKeys.WifiSsid, ssid);
            _settings.SetBytes(SettingKeys.WifiPassphrase, passphrase);
            if (bssid.Length == 6)
            {
                _settings.SetBytes(SettingKeys.WifiBssid, bssid);
            }
            else
            {
                _settings.Remove(SettingKeys.WifiBssid);
            }

            _settings.SetBoolean(SettingKeys.FlagProvisioned, true);
            _repository.Save(_settings);
        }
    }

    private void End(string reason)
    {
        ProtocommRouter? router;
        lock (_gate)
        {
            if (_state == ProvisioningState.Stopped)
            {
                return;
            }

            _state = ProvisioningState.Stopped;
            _pendingSsid = null;
            _pendingPassphrase = null;
            _pendingBssid = null;
            Cancel(ref _applyTimer);
            Cancel(ref _cleanupTimer);
            Cancel(ref _autoStopTimer);
            router = _router;
        }

        if (router != null)
        {
            router.Stopped = true;
        }

        Log(LogLevel.Information, "provisioning ended: " + reason);
        Ended?.Invoke(reason);
    }

    private void Log(LogLevel level, string message)
    {
        if (_log.IsEnabled(level))
        {
            _log.Write(level, Component, message);
        }
    }

    private static void Cancel(ref IScheduledWork? work)
    {
        if (work != null)
        {
            work.Cancel();
            work = null;
        }
    }

    /// <summary>SSIDs are not secret but need not be text: printable UTF-8 is shown quoted, anything else as hex.</summary>
    private static string Describe(byte[] ssid)
    {
        if (Utf8.IsValid(ssid))
        {
            bool printable = true;
            for (int i = 0; i < ssid.Length; i++)
            {
                if (ssid[i] < 0x20 || ssid[i] == 0x7F)
                {
                    printable = false;
                }
            }

            if (printable)
            {
                return "'" + Utf8.Decode(ssid) + "'";
            }
        }

        return "0x" + Hex.Encode(ssid);
    }

    private static string FailText(WifiFailReason reason) => reason == WifiFailReason.AuthError ? "authentication error" : "network not found";

    private static string StateName(ProvisioningState state)
    {
        switch (state)
        {
            case ProvisioningState.Idle: return "idle";
            case ProvisioningState.Started: return "started";
            case ProvisioningState.CredentialsReceived: return "connecting";
            case ProvisioningState.Failed: return "failed";
            case ProvisioningState.Succeeded: return "connected";
            case ProvisioningState.Stopped: return "stopped";
            default: return "state " + (int)state;
        }
    }

    private static byte[] Copy(byte[] value)
    {
        var copy = new byte[value.Length];
        Array.Copy(value, copy, value.Length);
        return copy;
    }
}
