namespace Accessory.Simulator.Cli.Bench;

/// <summary>
/// Everything `bench fleet-scale` started, ended once on whichever exit comes first: the normal end, an error, or
/// Ctrl+C (System.CommandLine returns from Main 2 s after the signal, and the runtime then raises ProcessExit, which
/// waits here until the fleet processes and mosquitto are gone). A SIGKILL of the bench cannot be caught: then
/// the fleet processes end at their --duration and mosquitto and mosquitto_sub at their `timeout` bound.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class ScaleCleanup : IDisposable
{
    private readonly object _gate = new();
    private readonly List<FleetScaleChild> _children = [];
    private readonly TextWriter _output;
    private bool _done;

    public ScaleCleanup(TextWriter output)
    {
        _output = output;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    public ScaleBrokers? Brokers { get; set; }

    public string? Folder { get; set; }

    public void Add(FleetScaleChild child)
    {
        lock (_children)
        {
            _children.Add(child);
        }
    }

    /// <summary>SIGINT to every fleet process (they power their devices off), then SIGKILL to those still there after <paramref name="grace"/>.</summary>
    public void StopChildren(TimeSpan grace)
    {
        FleetScaleChild[] children;
        lock (_children)
        {
            children = _children.ToArray();
        }

        foreach (var child in children.Where(c => !c.HasExited))
        {
            child.Interrupt();
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var child in children)
        {
            var left = grace - clock.Elapsed;
            if (!child.WaitForExit(left > TimeSpan.Zero ? left : TimeSpan.Zero))
            {
                child.Dispose();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_done)
            {
                return;
            }

            try
            {
                StopChildren(TimeSpan.FromSeconds(60));
                lock (_children)
                {
                    foreach (var child in _children)
                    {
                        child.Dispose();
                    }
                }

                Brokers?.Dispose();
                if (Folder is not null && Directory.Exists(Folder))
                {
                    Directory.Delete(Folder, recursive: true);
                }
            }
            finally
            {
                _done = true;
                AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
            }
        }
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        bool pending;
        lock (_children)
        {
            pending = _children.Any(c => !c.HasExited);
        }

        _output.WriteLine($"exiting: stopping {(pending ? "the fleet processes and " : string.Empty)}mosquitto first");
        _output.Flush();
        Dispose();
    }
}
