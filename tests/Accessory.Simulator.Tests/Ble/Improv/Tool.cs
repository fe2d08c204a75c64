using System.Diagnostics;

namespace Accessory.Simulator.Tests.Ble.Improv;

/// <summary>Runs a command-line tool to completion within a limit, its stdout and stderr collected.</summary>
internal static class Tool
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> args, string directory, TimeSpan limit)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + file);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"could not start {file}: {e.Message}");
        }

        using var owned = process;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{file} did not finish within {limit}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
