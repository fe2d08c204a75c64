using Accessory.Core.Ports;
using Accessory.Simulator.Faults;

namespace Accessory.Simulator.LocalApi;

/// <summary>
/// Runs the server.outage fault's window: after its delay the outage begins, after its duration the server
/// recovers and the fault clears itself. Setting the fault again restarts the window; clearing it recovers at once.
/// </summary>
internal sealed class OutageWindow : IDisposable
{
    private readonly ActiveFaults _faults;
    private readonly Action<OutageMode> _begin;
    private readonly Action<OutageMode> _end;
    private readonly ILog _log;
    private readonly object _gate = new();
    private CancellationTokenSource? _window;
    private OutageMode _mode;
    private bool _started;

    public OutageWindow(ActiveFaults faults, Action<OutageMode> begin, Action<OutageMode> end, ILog log)
    {
        _faults = faults;
        _begin = begin;
        _end = end;
        _log = log;
    }

    public OutageMode Mode
    {
        get
        {
            lock (_gate)
            {
                return _mode;
            }
        }
    }

    public void Start()
    {
        lock (_gate)
        {
            if (_started)
            {
                return;
            }

            _started = true;
        }

        _faults.Changed += OnFaultsChanged;
        if (_faults.TryGet(FaultNames.ServerOutage, out var spec))
        {
            Schedule(spec);
        }
    }

    public void Dispose()
    {
        _faults.Changed -= OnFaultsChanged;
        lock (_gate)
        {
            _window?.Cancel();
            _window = null;
        }
    }

    private static OutageMode ParseMode(string mode) => mode switch
    {
        "blackhole" => OutageMode.Blackhole,
        "reset" => OutageMode.Reset,
        _ => OutageMode.Refuse,
    };

    private void OnFaultsChanged(object? sender, FaultChangedEventArgs e)
    {
        var spec = e.Spec;
        if (e.Name != FaultNames.ServerOutage)
        {
            return;
        }

        if (spec is null)
        {
            Recover(null);
            return;
        }

        Schedule(spec);
    }

    private void Schedule(FaultSpec spec)
    {
        Recover(null);
        var window = new CancellationTokenSource();
        lock (_gate)
        {
            _window = window;
        }

        _ = RunAsync(spec, window);
    }

    private async Task RunAsync(FaultSpec spec, CancellationTokenSource window)
    {
        try
        {
            await Task.Delay(spec.GetDuration("delay"), window.Token).ConfigureAwait(false);
            var mode = ParseMode(spec.GetEnum("mode"));
            lock (_gate)
            {
                if (window.IsCancellationRequested)
                {
                    return;
                }

                _mode = mode;
            }

            _begin(mode);
            await Task.Delay(spec.GetDuration("duration"), window.Token).ConfigureAwait(false);
            Recover(window);

            // Over: the fault has done its job and no longer shows as active (unless it was set anew meanwhile).
            _faults.ClearIfCurrent(spec);
        }
        catch (OperationCanceledException)
        {
            // Replaced or cleared: Recover already ran for it.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _log.Write(LogLevel.Error, "api", "outage window failed: " + e.Message);
        }
    }

    // Ends the running window (only if it is still <paramref name="expected"/>, when given) and recovers the server.
    private void Recover(CancellationTokenSource? expected)
    {
        OutageMode ended;
        lock (_gate)
        {
            if (expected is not null && !ReferenceEquals(_window, expected))
            {
                return;
            }

            _window?.Cancel();
            _window = null;
            ended = _mode;
            _mode = OutageMode.None;
        }

        if (ended != OutageMode.None)
        {
            _end(ended);
        }
    }
}
