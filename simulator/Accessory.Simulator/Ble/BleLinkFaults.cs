using Accessory.Core.Ports;
using Accessory.Simulator.Faults;

namespace Accessory.Simulator.Ble;

/// <summary>
/// ble.disconnect for whichever BLE backend runs: "after-writes=0" asks for every connection to be dropped now,
/// "after-writes=N" makes the N-th GATT write from now drop its connection instead of being answered. Either way
/// the fault then clears itself, so the phone's retry meets a working link.
/// </summary>
internal sealed class BleLinkFaults : IDisposable
{
    private const string Component = "ble";
    private readonly ActiveFaults _faults;
    private readonly ILog _log;
    private readonly object _gate = new();
    private FaultSpec? _armed;
    private int _writesLeft;

    public BleLinkFaults(ActiveFaults faults, ILog log)
    {
        _faults = faults;
        _log = log;
        _faults.Changed += OnChanged;
        if (_faults.TryGet(FaultNames.BleDisconnect, out var spec))
        {
            Arm(spec);
        }
    }

    /// <summary>Raised (off the fault registry's lock) when every open connection must be dropped.</summary>
    public event Action? DropAllRequested;

    /// <summary>Asked before each GATT write: true when this write is the one that drops its connection.</summary>
    public bool DropOnThisWrite()
    {
        FaultSpec? fired;
        lock (_gate)
        {
            if (_armed == null || _writesLeft <= 0 || --_writesLeft > 0)
            {
                return false;
            }

            fired = _armed;
            _armed = null;
        }

        _log.Write(LogLevel.Information, Component, "fault ble.disconnect: dropping the connection instead of answering its write");
        ClearLater(fired);
        return true;
    }

    public void Dispose() => _faults.Changed -= OnChanged;

    private void OnChanged(object? sender, FaultChangedEventArgs e)
    {
        if (e.Name != FaultNames.BleDisconnect)
        {
            return;
        }

        if (e.Spec == null)
        {
            lock (_gate)
            {
                _armed = null;
            }

            return;
        }

        Arm(e.Spec);
    }

    private void Arm(FaultSpec spec)
    {
        int writes = spec.GetInt("after-writes");
        if (writes > 0)
        {
            lock (_gate)
            {
                _armed = spec;
                _writesLeft = writes;
            }

            _log.Write(LogLevel.Information, Component, $"fault ble.disconnect: the {writes}. GATT write from now drops its connection");
            return;
        }

        // The registry raises Changed under its lock: drop and clear from outside it.
        _ = Task.Run(() =>
        {
            _log.Write(LogLevel.Information, Component, "fault ble.disconnect: dropping every BLE connection");
            DropAllRequested?.Invoke();
            ClearLater(spec);
        });
    }

    // Off the caller's thread: a write handler or the registry's own Changed event may be running it.
    private void ClearLater(FaultSpec spec) => _ = Task.Run(() => _faults.ClearIfCurrent(spec));
}
