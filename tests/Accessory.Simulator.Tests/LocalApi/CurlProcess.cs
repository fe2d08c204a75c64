using System.Diagnostics;
using System.Globalization;

namespace Accessory.Simulator.Tests.LocalApi;

/// <summary>
/// /usr/bin/curl against a device, returning its exit code and stderr instead of throwing: the exit code is how curl
/// names a network failure (7 refused, 28 timeout, 35 TLS handshake, 56 receive failure, 60 certificate problem).
/// </summary>
internal static class CurlProcess
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(30);

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"curl exit {ExitCode}; stderr: {Stderr}; stdout: {Stdout}";
    }

    /// <summary>curl on the device's HTTPS API as a paired phone (with the access token), trusting <paramref name="caFile"/> and resolving localhost to 127.0.0.1 only.</summary>
    public static Task<Result> HttpsAsync(LocalApiDevice device, string caFile, string path, params string[] extra)
    {
        ArgumentNullException.ThrowIfNull(device);
        string port = device.HttpsPort.ToString(CultureInfo.InvariantCulture);
        return RunAsync(["--cacert", caFile, "--resolve", "localhost:" + port + ":127.0.0.1", "-H", device.AuthorizationHeader, .. extra, device.HttpsBase + path]);
    }

    /// <summary>curl on the device's plain-HTTP API.</summary>
    public static Task<Result> HttpAsync(LocalApiDevice device, string path, params string[] extra)
    {
        ArgumentNullException.ThrowIfNull(device);
        return RunAsync(["-H", device.AuthorizationHeader, .. extra, device.HttpBase + path]);
    }

    // A --max-time in the caller's arguments wins over the default: curl keeps the last value of an option.
    public static async Task<Result> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/curl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["--silent", "--show-error", "--max-time", "15", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("curl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(RunLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"curl did not exit within {RunLimit}");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
