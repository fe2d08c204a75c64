using System.Diagnostics;

namespace Accessory.Simulator.Tests.Tls;

/// <summary>The real <c>openssl s_client</c>, fed one request on stdin and kept reading (-ign_eof) until the server ends.</summary>
internal static class OpenSslClient
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(20);

    public sealed record Result(int ExitCode, string Output);

    public static Task<Result> RunAsync(int port, params string[] options) => RunWithRequestAsync(port, "GET / HTTP/1.0\n", options);

    /// <summary>Sends <paramref name="request"/> (stdin is then closed) and reads until the server ends.</summary>
    public static async Task<Result> RunWithRequestAsync(int port, string request, params string[] options)
    {
        var start = new ProcessStartInfo("/usr/bin/openssl")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "s_client", "-connect", $"127.0.0.1:{port}", "-servername", "localhost", "-ign_eof", "-nocommands" }.Concat(options))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.StandardInput.WriteAsync(request);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // s_client already exited (failed handshake); its output says why.
        }

        using var limit = new CancellationTokenSource(RunLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"openssl s_client did not exit within {RunLimit}");
        }

        return new Result(process.ExitCode, await stdout + "\n" + await stderr);
    }
}
