using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Accessory.Simulator.Tests.Support;

/// <summary>A .NET program run as a real child process, its output collected line by line.</summary>
internal sealed partial class ChildProcess : IDisposable
{
    private const int SigInt = 2;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="networkNamespace">Runs the program inside this network namespace (ip netns exec, which execs, so the pid is the program's).</param>
    public ChildProcess(string dll, IEnumerable<string> args, IDictionary<string, string>? environment = null, string? networkNamespace = null)
    {
        var start = new ProcessStartInfo(networkNamespace == null ? "dotnet" : "/usr/sbin/ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (networkNamespace != null)
        {
            foreach (var arg in new[] { "netns", "exec", networkNamespace, "dotnet" })
            {
                start.ArgumentList.Add(arg);
            }
        }

        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Collect(e.Data, _stdout, _stdoutClosed);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data, _stderr, _stderrClosed);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IReadOnlyCollection<string> StdoutLines => _stdout.ToArray();

    public IReadOnlyCollection<string> StderrLines => _stderr.ToArray();

    public string AllOutput => string.Join('\n', _stdout.Concat(_stderr));

    public int ExitCode => _process.ExitCode;

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static ChildProcess Run(string dll, params string[] args) => new(dll, args);

    /// <summary>Waits until a stdout line satisfies <paramref name="match"/>; false on timeout or exit.</summary>
    public bool WaitForLine(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_stdout.Any(match))
            {
                return true;
            }

            if (_process.HasExited && _stdoutClosed.Task.IsCompleted)
            {
                return _stdout.Any(match);
            }

            Thread.Sleep(5);
        }

        return false;
    }

    /// <summary>Writes one line to the program's stdin (held open until <see cref="CloseInput"/>).</summary>
    public void WriteLine(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>End of file on the program's stdin.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    public void Interrupt()
    {
        if (Kill(_process.Id, SigInt) != 0)
        {
            throw new InvalidOperationException($"kill(SIGINT) failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>SIGKILL: no chance to clean up, like a power cut for the process.</summary>
    public void KillHard() => _process.Kill();

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"child did not exit within {timeout}; output so far:\n{AllOutput}");
        }

        Task.WaitAll(new[] { _stdoutClosed.Task, _stderrClosed.Task }, timeout);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static void Collect(string? line, ConcurrentQueue<string> lines, TaskCompletionSource closed)
    {
        if (line == null)
        {
            closed.TrySetResult();
        }
        else
        {
            lines.Enqueue(line);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
