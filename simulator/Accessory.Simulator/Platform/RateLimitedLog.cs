using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Accessory.Core.Ports;

namespace Accessory.Simulator.Platform;

/// <summary>
/// Logging for lines an attacker can trigger at will (bad requests, failed handshakes, wrong tokens): per kind, the
/// first line of each window is written and the rest are only counted; the next line after the window says how many
/// were left out. A flood of garbage then costs one line per kind per window instead of one per request.
/// </summary>
public sealed class RateLimitedLog
{
    /// <summary>The default window: at most one line per kind every 10 seconds.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(10);

    private const int MaxKinds = 256;
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ILog, RateLimitedLog> PerLog = new();
    private readonly ILog? _log;
    private readonly long _windowTicks;
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    public RateLimitedLog(ILog log, TimeSpan? window = null)
        : this(window)
    {
        _log = log ?? throw new ArgumentNullException(nameof(log));
    }

    /// <summary>Only the budget, for callers with their own logger (<see cref="TryEnter"/>).</summary>
    public RateLimitedLog(TimeSpan? window = null)
    {
        _windowTicks = (long)((window ?? DefaultWindow).TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>
    /// One budget per underlying log (one per device), shared by everything that writes attacker-triggered lines to it,
    /// e.g. every BLE connection of a device: opening more connections buys no more lines.
    /// </summary>
    public static RateLimitedLog For(ILog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        return PerLog.GetValue(log, l => new RateLimitedLog(l));
    }

    /// <param name="kind">What repeats (e.g. "tls-handshake"); lines of one kind share a budget.</param>
    public void Write(string kind, LogLevel level, string component, string message)
    {
        if (_log is null || !TryEnter(kind, out int suppressed))
        {
            return;
        }

        string tail = suppressed == 0 ? string.Empty :
            " (" + suppressed.ToString(CultureInfo.InvariantCulture) + " more like this in the previous " +
            (_windowTicks / Stopwatch.Frequency).ToString(CultureInfo.InvariantCulture) + " s not logged)";
        _log.Write(level, component, message + tail);
    }

    /// <summary>True when a line of this kind may be written now; <paramref name="suppressed"/> counts those left out before it.</summary>
    public bool TryEnter(string kind, out int suppressed)
    {
        if (_slots.Count >= MaxKinds && !_slots.ContainsKey(kind))
        {
            kind = "(other)";
        }

        var slot = _slots.GetOrAdd(kind, _ => new Slot());
        long now = Stopwatch.GetTimestamp();
        lock (slot)
        {
            if (slot.Started != 0 && now - slot.Started < _windowTicks)
            {
                slot.Suppressed++;
                suppressed = 0;
                return false;
            }

            suppressed = slot.Suppressed;
            slot.Suppressed = 0;
            slot.Started = now;
            return true;
        }
    }

    private sealed class Slot
    {
        public long Started;
        public int Suppressed;
    }
}
