using System.Diagnostics;
using System.Runtime.InteropServices;
using Accessory.Simulator.Net;

namespace Accessory.Simulator.Mdns.Reference;

/// <summary>
/// A long-running program inside a network namespace (<c>ip netns exec</c>, which execs it: the pid is the program's),
/// its output kept line by line. Dispose asks it to stop (SIGTERM, so responders send goodbyes), then kills it.
/// </summary>
public sealed partial class NamespaceProcess : IDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly object _gate = new();
    private readonly List<string> _stdout = new();
    private readonly List<string> _stderr = new();
    private bool _stdoutClosed;

    public NamespaceProcess(NetworkNamespace ns, string fileName, IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(ns);
        _process = ns.Start(fileName, arguments);
        _process.OutputDataReceived += (_, e) => Collect(e.Data, _stdout, closes: true);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data, _stderr, closes: false);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public IReadOnlyList<string> StdoutLines
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToArray();
            }
        }
    }

    public string AllOutput
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _stdout) + "\n--- stderr ---\n" + string.Join('\n', _stderr);
            }
        }
    }

    public StreamWriter StandardInput => _process.StandardInput;

    /// <summary>Waits until an output line (stdout, or stderr too) satisfies <paramref name="match"/>; null on timeout or when output ended.</summary>
    public string? WaitForLine(Func<string, bool> match, TimeSpan timeout, bool includeStderr = false)
    {
        ArgumentNullException.ThrowIfNull(match);
        var deadline = Stopwatch.StartNew();
        lock (_gate)
        {
            while (true)
            {
                foreach (var line in _stdout)
                {
                    if (match(line))
                    {
                        return line;
                    }
                }

                if (includeStderr)
                {
                    foreach (var line in _stderr)
                    {
                        if (match(line))
                        {
                            return line;
                        }
                    }
                }

                var left = timeout - deadline.Elapsed;
                if (left <= TimeSpan.Zero || (_stdoutClosed && !includeStderr))
                {
                    return null;
                }

                // Woken by every new line; the deadline bounds the wait.
                Monitor.Wait(_gate, left);
            }
        }
    }

    /// <summary>SIGTERM, then waits for the exit (killing it if it takes longer than <paramref name="grace"/>).</summary>
    public void Stop(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        _ = Kill(_process.Id, SigTerm);
        if (!_process.WaitForExit(grace))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>Waits for the program to end by itself (its stdout fully read); false if it did not in time.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit();
        return true;
    }

    public void Dispose()
    {
        Stop(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }

    private void Collect(string? line, List<string> lines, bool closes)
    {
        lock (_gate)
        {
            if (line != null)
            {
                lines.Add(line);
            }
            else if (closes)
            {
                _stdoutClosed = true;
            }

            Monitor.PulseAll(_gate);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
