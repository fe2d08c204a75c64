using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>
/// One `accessory-sim fleet --slice K` child of `bench fleet-scale`: started with this same build, its progress
/// read from the lines it prints, its memory and CPU from /proc while it runs; stopped with SIGINT (it powers its
/// devices off, so the broker sends their Wills), killed if it does not exit in time.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed partial class FleetScaleChild : IDisposable
{
    private readonly Process _process;
    private readonly Stopwatch _benchClock;
    private readonly object _gate = new();
    private readonly List<string> _errors = [];
    private readonly Dictionary<string, int> _causes = new(StringComparer.Ordinal);
    private int _errorLines;
    private int _connected;
    private int _started;
    private double _allConnectedAt = -1;
    private double _peakRss;
    private double _cpuMs;
    private string? _summary;
    private int? _runErrorLines;
    private int? _exitCode;
    private bool _disposed;
    private Dictionary<string, int>? _runCauses;

    public FleetScaleChild(int slice, int devices, string fleetFile, string broker, TimeSpan duration, Stopwatch benchClock)
    {
        Slice = slice;
        Devices = devices;
        _benchClock = benchClock;
        Arguments = ["fleet", "--file", fleetFile, "--broker", broker, "--slice", slice.ToString(CultureInfo.InvariantCulture),
            "--duration", ((long)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture), "--log-level", "Warning"];
        var start = SelfCommand.StartInfo([.. Arguments]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;

        StartedAt = benchClock.Elapsed.TotalSeconds;
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start fleet slice " + slice.ToString(CultureInfo.InvariantCulture));
        Pid = _process.Id;
        _process.OutputDataReceived += (_, e) => OnOutput(e.Data);
        _process.ErrorDataReceived += (_, e) => OnError(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Slice { get; }

    public int Devices { get; }

    public int Pid { get; }

    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Bench clock (seconds) when this child was started.</summary>
    public double StartedAt { get; }

    public bool HasExited => _disposed || _process.HasExited;

    public int? ExitCode => _disposed ? _exitCode : _process.HasExited ? _process.ExitCode : null;

    /// <summary>Devices connected now, as the child last said (each second while starting, then every 30 s).</summary>
    public int Connected => Volatile.Read(ref _connected);

    public int StartedDevices => Volatile.Read(ref _started);

    /// <summary>Bench clock (seconds) when the child said all its devices were connected; -1 until then.</summary>
    public double AllConnectedAt => Volatile.Read(ref _allConnectedAt);

    /// <summary>Its summary line (printed on stop), null until then.</summary>
    public string? Summary => Volatile.Read(ref _summary);

    /// <summary>VmHWM: the most resident memory it has had, in MB (kept after it exits).</summary>
    public double PeakRssMegabytes => Volatile.Read(ref _peakRss);

    public double CpuMilliseconds => Volatile.Read(ref _cpuMs);

    /// <summary>Stderr lines while it ran (before <see cref="Interrupt"/>: powering off warns for every device).</summary>
    public int ErrorLines => _runErrorLines ?? Volatile.Read(ref _errorLines);

    /// <summary>The first lines it wrote to stderr (device warnings, rate-limited by the fleet).</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_gate)
            {
                return _errors.ToArray();
            }
        }
    }

    /// <summary>Stderr lines that name a limit while it ran (every line counted, not only the kept ones), by limit.</summary>
    public IReadOnlyDictionary<string, int> Causes
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, int>(_runCauses ?? _causes, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Reads its peak RSS and CPU from /proc while it is alive (both only grow).</summary>
    public void Sample()
    {
        if (ProcReadings.PeakRssMegabytes(Pid) is double peak && peak > _peakRss)
        {
            Volatile.Write(ref _peakRss, peak);
        }

        double cpu = ProcessCpu.Milliseconds(Pid);
        if (!double.IsNaN(cpu) && cpu > _cpuMs)
        {
            Volatile.Write(ref _cpuMs, cpu);
        }
    }

    /// <summary>SIGINT: the fleet powers its devices off and prints its summary.</summary>
    public void Interrupt()
    {
        lock (_gate)
        {
            _runErrorLines ??= Volatile.Read(ref _errorLines);
            _runCauses ??= new Dictionary<string, int>(_causes, StringComparer.Ordinal);
        }

        if (!HasExited)
        {
            Sample();
            Signal.Send(Pid, "INT");
        }
    }

    public bool WaitForExit(TimeSpan timeout) => _disposed || _process.WaitForExit(timeout);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        if (!_process.HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }
        }

        _exitCode = _process.HasExited ? _process.ExitCode : null;
        _disposed = true;
        _process.Dispose();
    }

    [GeneratedRegex(@"^starting +[0-9.]+ s: started (\d+)/\d+, connected (\d+)")]
    private static partial Regex StartingLine();

    [GeneratedRegex(@"^running +[0-9]+ s: connected (\d+)/")]
    private static partial Regex RunningLine();

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (StartingLine().Match(line) is { Success: true } starting)
        {
            Volatile.Write(ref _started, int.Parse(starting.Groups[1].Value, CultureInfo.InvariantCulture));
            Volatile.Write(ref _connected, int.Parse(starting.Groups[2].Value, CultureInfo.InvariantCulture));
        }
        else if (RunningLine().Match(line) is { Success: true } running)
        {
            Volatile.Write(ref _connected, int.Parse(running.Groups[1].Value, CultureInfo.InvariantCulture));
        }
        else if (line.StartsWith("all ", StringComparison.Ordinal) && line.Contains(" connected in ", StringComparison.Ordinal))
        {
            Volatile.Write(ref _started, Devices);
            Volatile.Write(ref _connected, Devices);
            Volatile.Write(ref _allConnectedAt, _benchClock.Elapsed.TotalSeconds);
        }
        else if (line.StartsWith("connected ", StringComparison.Ordinal) && line.Contains(" first connect ", StringComparison.Ordinal))
        {
            Volatile.Write(ref _summary, line);
        }
        else if (line.StartsWith("limits: ", StringComparison.Ordinal) && line.Contains("NOT enough", StringComparison.Ordinal))
        {
            OnError("(stdout) " + line);
        }
    }

    private void OnError(string? line)
    {
        if (line is null)
        {
            return;
        }

        string? cause = ScaleLimits.CauseOf(line);
        bool keep = Interlocked.Increment(ref _errorLines) <= 20;
        lock (_gate)
        {
            if (keep)
            {
                _errors.Add(line);
            }

            if (cause is not null)
            {
                _causes[cause] = _causes.GetValueOrDefault(cause) + 1;
            }
        }
    }
}
