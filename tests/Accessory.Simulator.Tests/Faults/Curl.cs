using System.Diagnostics;

namespace Accessory.Simulator.Tests.Faults;

/// <summary>/usr/bin/curl as an independent HTTP client; returns the status and the body.</summary>
internal static class Curl
{
    public static (int Status, string Body) Run(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/curl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["--silent", "--show-error", "--max-time", "10", "--write-out", "\n%{http_code}", .. args])
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
        {
            process.Kill();
            throw new TimeoutException("curl did not finish");
        }

        string output = stdout.Result;
        int split = output.LastIndexOf('\n');
        if (process.ExitCode != 0 || split < 0)
        {
            throw new InvalidOperationException($"curl failed ({process.ExitCode}): {stderr.Result}");
        }

        return (int.Parse(output[(split + 1)..], System.Globalization.CultureInfo.InvariantCulture), output[..split]);
    }
}
