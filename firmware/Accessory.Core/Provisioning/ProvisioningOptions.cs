namespace Accessory.Core.Provisioning;

/// <summary>
/// Timing and policy of the provisioning manager. Defaults follow ESP-IDF 5.x; the simulator's "fast" mode shrinks
/// the radio-side delays so CI does not wait seconds per test, but never the contract a phone relies on (auto-stop).
/// </summary>
public sealed class ProvisioningOptions
{
    /// <summary>ESP-IDF refuses an auto-stop below 5 s (CONFIG_WIFI_PROV_AUTOSTOP_TIMEOUT's lower bound).</summary>
    public const int MinimumAutoStopMilliseconds = 5000;

    /// <summary>ESP-IDF's default auto-stop.</summary>
    public const int DefaultAutoStopMilliseconds = 30000;

    /// <summary>Delay between the ApplyConfig reply and the join attempt, so the reply leaves before the radio changes channel.</summary>
    public int ApplyDelayMilliseconds { get; set; } = 1000;

    /// <summary>Delay between the first GetStatus that reports Connected and the end of provisioning.</summary>
    public int CleanupDelayMilliseconds { get; set; } = 1000;

    /// <summary>After a successful join, provisioning ends after this long even if the phone never polls.</summary>
    public int AutoStopMilliseconds { get; set; } = DefaultAutoStopMilliseconds;

    /// <summary>False keeps provisioning alive after success (no cleanup, no auto-stop), which prov-ctrl reprov needs.</summary>
    public bool AutoStopEnabled { get; set; } = true;

    /// <summary>After a failed join, accept new credentials in the same session (ESP-IDF's reset-on-failure option).</summary>
    public bool ResetOnFailure { get; set; } = true;

    /// <summary>
    /// Join attempts per ApplyConfig. Above 1, a failed attempt is reported as Connecting + attempt_failed
    /// {attempts_remaining} and retried, as ESP-IDF versions with retries do; only the last failure is reported as such.
    /// </summary>
    public int ConnectAttempts { get; set; } = 1;

    /// <summary>Pause between a failed attempt and its retry.</summary>
    public int RetryDelayMilliseconds { get; set; } = 1000;

    /// <summary>Registers prov-scan and advertises the wifi_scan capability.</summary>
    public bool ScanEnabled { get; set; } = true;

    /// <summary>Upper bound of a blocking ScanStart, in real time: a radio that never answers must not hold a handler forever.</summary>
    public int BlockingScanTimeoutMilliseconds { get; set; } = 15000;

    /// <summary>A copy suitable for the simulator's fast timing model.</summary>
    public static ProvisioningOptions Fast()
    {
        return new ProvisioningOptions
        {
            ApplyDelayMilliseconds = 50,
            // Not shorter: a phone reads a long Improv result or the last status after the success notice.
            CleanupDelayMilliseconds = 500,
            // Auto-stop keeps ESP-IDF's 30 s: phone clients sleep about 5 s before their first status poll, and a
            // device that vanished by then makes them report a failure although it joined.
            RetryDelayMilliseconds = 50,
        };
    }
}
