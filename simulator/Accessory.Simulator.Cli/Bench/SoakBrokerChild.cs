using System.Diagnostics;
using System.Globalization;
using Accessory.Simulator.Mqtt;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>The bench's side of <see cref="SoakBrokerProcess"/>: starts it, asks it, reads its memory from /proc.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class SoakBrokerChild : IAsyncDisposable
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(30);
    private readonly Process _process;

    private SoakBrokerChild(Process process, BrokerUri uri)
    {
        _process = process;
        Uri = uri;
    }

    public BrokerUri Uri { get; }

    public int ProcessId => _process.Id;

    public static async Task<SoakBrokerChild> StartAsync(bool trim, CancellationToken cancel)
    {
        var start = SelfCommand.StartInfo(SoakBrokerProcess.ChildCommand);
        if (!trim)
        {
            start.ArgumentList.Add("--no-trim");
        }

        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.UseShellExecute = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the broker process");
        try
        {
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            patience.CancelAfter(StartPatience);
            string? ready = await process.StandardOutput.ReadLineAsync(patience.Token).ConfigureAwait(false);
            if (ready is null || !ready.StartsWith("ready ", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"the broker process did not start: it said '{ready ?? "(nothing, it ended)"}' (its errors are above)");
            }

            return new SoakBrokerChild(process, BrokerUri.Parse(ready["ready ".Length..].Trim()));
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    /// <summary>Sends one request and returns the one-line answer.</summary>
    public async Task<string> AskAsync(string request, CancellationToken cancel)
    {
        await _process.StandardInput.WriteLineAsync(request).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync(cancel).ConfigureAwait(false);
        string? answer = await _process.StandardOutput.ReadLineAsync(cancel).ConfigureAwait(false);
        if (answer is null)
        {
            await _process.WaitForExitAsync(cancel).ConfigureAwait(false);
            throw new InvalidOperationException($"the broker process ended (exit code {_process.ExitCode}) when asked '{request}'");
        }

        return answer.StartsWith("error:", StringComparison.Ordinal)
            ? throw new InvalidOperationException($"the broker process refused '{request}': {answer}")
            : answer;
    }

    /// <summary>The `status` answer as name=value pairs.</summary>
    public async Task<IReadOnlyDictionary<string, string>> StatusAsync(CancellationToken cancel)
    {
        string answer = await AskAsync(SoakBrokerProcess.Status, cancel).ConfigureAwait(false);
        return answer.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : string.Empty, StringComparer.Ordinal);
    }

    /// <summary>A field of the broker's /proc/PID/status in megabytes (VmRSS, RssAnon, RssFile).</summary>
    public double StatusMb(string field) =>
        ProcReadings.StatusMegabytes(ProcessId, field) ?? throw new InvalidOperationException($"no {field} in /proc/{ProcessId}/status: the broker process is gone");

    public string Threads() => ProcReadings.Threads(ProcessId)?.ToString(CultureInfo.InvariantCulture) ?? "?";

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(patience.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            _process.Kill();
        }
        finally
        {
            _process.Dispose();
        }
    }
}
