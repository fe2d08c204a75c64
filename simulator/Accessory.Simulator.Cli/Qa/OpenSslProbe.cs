using System.Diagnostics;

namespace Accessory.Simulator.Cli.Qa;

/// <summary>
/// Debian's `openssl s_client` as the TLS client for what .NET's SslStream does not show: whether the server ended
/// with close_notify ("unexpected eof while reading" when not) and whether a session was resumed ("Reused,").
/// </summary>
internal static class OpenSslProbe
{
    public const string Executable = "/usr/bin/openssl";

    public static async Task<string> RunAsync(string host, int port, string request, IEnumerable<string> options, CancellationToken cancel)
    {
        if (!File.Exists(Executable))
        {
            throw new StepFailedException("the tls step needs Debian's openssl", Executable, "not installed (apt-get install openssl)");
        }

        var start = new ProcessStartInfo(Executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "s_client", "-connect", $"{host}:{port}", "-servername", "localhost", "-ign_eof", "-nocommands" }.Concat(options))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancel);
        var stderr = process.StandardError.ReadToEndAsync(cancel);
        try
        {
            await process.StandardInput.WriteAsync(request).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // s_client already ended (failed handshake); its output says why.
        }

        try
        {
            await process.WaitForExitAsync(cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return await stdout.ConfigureAwait(false) + "\n" + await stderr.ConfigureAwait(false);
    }
}
