using System.Diagnostics;
using System.Globalization;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>
/// A helper program (mosquitto, mosquitto_sub) run inside coreutils' `timeout`, so it ends by itself at its bound
/// even when the bench is killed with SIGKILL and cannot clean up. <see cref="Stop"/> ends it at once: SIGTERM
/// (which `timeout` relays to the program), then SIGKILL to both after a grace period.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class BoundedProcess : IDisposable
{
    private readonly Process _timeout;

    private BoundedProcess(Process timeout, int pid)
    {
        _timeout = timeout;
        Pid = pid;
    }

    /// <summary>The program's own process id (a child of `timeout`), for /proc readings.</summary>
    public int Pid { get; }

    public bool HasExited => _timeout.HasExited;

    public static BoundedProcess Start(TimeSpan bound, string file, IEnumerable<string> args, Action<string> stdout, Action<string> stderr)
    {
        var start = new ProcessStartInfo("/usr/bin/timeout")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "-s", "TERM", "-k", "10", ((long)Math.Ceiling(bound.TotalSeconds)).ToString(CultureInfo.InvariantCulture), file }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        var timeout = Process.Start(start) ?? throw new InvalidOperationException("could not start " + file);
        timeout.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                stdout(e.Data);
            }
        };
        timeout.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                stderr(e.Data);
            }
        };
        timeout.BeginOutputReadLine();
        timeout.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10) && !timeout.HasExited)
        {
            if (ChildOf(timeout.Id) is int pid)
            {
                return new BoundedProcess(timeout, pid);
            }

            Thread.Sleep(5);
        }

        string why = timeout.HasExited ? "it exited with " + timeout.ExitCode.ToString(CultureInfo.InvariantCulture) : "no child process appeared";
        KillQuietly(timeout);
        timeout.Dispose();
        throw new InvalidOperationException($"{file} did not start under timeout: {why}");
    }

    public void Stop(TimeSpan grace)
    {
        if (!_timeout.HasExited)
        {
            Signal.Send(_timeout.Id, "TERM");
            if (!_timeout.WaitForExit(grace))
            {
                Signal.Send(Pid, "KILL");
                KillQuietly(_timeout);
                _timeout.WaitForExit(5_000);
            }
        }
    }

    public void Dispose()
    {
        Stop(TimeSpan.FromSeconds(10));
        _timeout.Dispose();
    }

    private static int? ChildOf(int parent)
    {
        try
        {
            string children = File.ReadAllText($"/proc/{parent}/task/{parent}/children").Trim();
            return children.Length == 0 ? null : int.Parse(children.Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
