using System.Collections.Concurrent;
using Accessory.Core.Ports;

namespace Accessory.Simulator.Fleet;

/// <summary>
/// The log of a whole fleet. Ten thousand devices each writing "connecting to the broker" would bury everything, so
/// lines below <see cref="MinimumLevel"/> are dropped, warnings and errors are counted per component, and at most
/// <see cref="LinesPerSecond"/> lines a second reach the writer (the rest are counted and said to be left out).
/// </summary>
public sealed class FleetLog
{
    public const int LinesPerSecond = 20;
    private readonly Action<string>? _writer;
    private readonly ConcurrentDictionary<string, long> _warnings = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private long _second;
    private int _linesThisSecond;
    private long _suppressed;
    private volatile bool _poweringOff;

    public FleetLog(LogLevel minimumLevel, Action<string>? writer)
    {
        MinimumLevel = minimumLevel;
        _writer = writer;
    }

    public LogLevel MinimumLevel { get; }

    /// <summary>Lines left out by the rate limit so far.</summary>
    public long Suppressed => Interlocked.Read(ref _suppressed);

    /// <summary>Warnings and errors so far, by component ("mqtt", "cloud", "wifi"...).</summary>
    public IReadOnlyDictionary<string, long> WarningsByComponent => new Dictionary<string, long>(_warnings, StringComparer.Ordinal);

    /// <summary>
    /// From now on the fleet is being powered off: each device's link drops on purpose (so the broker sends its Will)
    /// and the cloud link may call that a broker loss before it is told to stop. Such lines would read as faults
    /// after the summary, so only errors are written (and counted) from here on.
    /// </summary>
    public void PoweringOff() => _poweringOff = true;

    /// <summary>The log one device writes to; its lines carry the device id.</summary>
    public ILog For(string deviceId) => new DeviceLog(this, deviceId);

    private void Write(LogLevel level, string deviceId, string component, string message)
    {
        if (_poweringOff && level < LogLevel.Error)
        {
            return;
        }

        if (level >= LogLevel.Warning)
        {
            _warnings.AddOrUpdate(component, 1, (_, n) => n + 1);
        }

        if (_writer is null || level < MinimumLevel)
        {
            return;
        }

        long second = Environment.TickCount64 / 1000;
        long suppressed = 0;
        lock (_gate)
        {
            if (second != _second)
            {
                _second = second;
                _linesThisSecond = 0;
                suppressed = Interlocked.Exchange(ref _suppressed, 0);
            }

            if (++_linesThisSecond > LinesPerSecond)
            {
                Interlocked.Increment(ref _suppressed);
                return;
            }
        }

        if (suppressed > 0)
        {
            _writer("log: " + suppressed + " lines left out in the last second (at most " + LinesPerSecond + "/s)");
        }

        _writer(level.ToString().ToLowerInvariant() + " " + deviceId + " " + component + ": " + message);
    }

    private sealed class DeviceLog(FleetLog owner, string deviceId) : ILog
    {
        // Warnings are always wanted: they are counted even when not written.
        public bool IsEnabled(LogLevel level) => level >= LogLevel.Warning || level >= owner.MinimumLevel;

        public void Write(LogLevel level, string component, string message)
        {
            if (IsEnabled(level))
            {
                owner.Write(level, deviceId, component, message);
            }
        }
    }
}
