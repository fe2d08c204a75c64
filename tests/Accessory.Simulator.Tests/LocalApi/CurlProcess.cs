using System.Diagnostics;

namespace Accessory.Simulator.Tests.LocalApi;

/// <summary>curl when its failure is the point: the exit code (7 refused, 28 timeout, 35 TLS, 56 reset, 60 untrusted) and stderr.</summary>
internal static class CurlProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/curl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["--silent", "--show-error", .. args])
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            throw new TimeoutException("curl did not finish");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
