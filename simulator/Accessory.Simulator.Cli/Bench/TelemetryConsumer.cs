using System.Diagnostics;
using System.Globalization;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>
/// The cloud side of the fleet benchmark: mosquitto_sub (not our code) with a persistent QoS 1 session on every
/// device's telemetry, reconnecting by itself after a broker restart; counts distinct seq per device.
/// </summary>
internal sealed class TelemetryConsumer : IDisposable
{
    private readonly Process _process;
    private readonly Dictionary<string, HashSet<long>> _seqs = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _messages;

    public TelemetryConsumer(int port)
    {
        var start = new ProcessStartInfo("/usr/bin/stdbuf") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-oL", "/usr/bin/mosquitto_sub", "-d", "-c", "-i", "bench-cloud-" + Guid.NewGuid().ToString("N")[..8], "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-q", "1", "-t", "accessory/+/telemetry", "-F", "MSG %t %p" })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto_sub did not start");
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (!_subscribed.Task.Wait(TimeSpan.FromSeconds(20)))
        {
            throw new InvalidOperationException("mosquitto_sub never subscribed");
        }
    }

    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>Seqs 1..sent[id] that never arrived, summed over devices.</summary>
    public long Missing(IReadOnlyDictionary<string, long> sent)
    {
        lock (_seqs)
        {
            long missing = 0;
            foreach (var (id, count) in sent)
            {
                _seqs.TryGetValue(id, out var got);
                long have = got?.Count(q => q >= 1 && q <= count) ?? 0;
                missing += count - have;
            }

            return missing;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5_000);
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (!line.StartsWith("MSG ", StringComparison.Ordinal))
        {
            if (line.Contains("received SUBACK", StringComparison.Ordinal))
            {
                _subscribed.TrySetResult();
            }

            return;
        }

        // MSG accessory/<id>/telemetry {"seq":N,...}
        int idStart = "MSG accessory/".Length;
        int idEnd = line.IndexOf('/', idStart);
        int at = line.IndexOf("\"seq\":", StringComparison.Ordinal);
        if (idEnd < 0 || at < 0)
        {
            return;
        }

        int end = at + 6;
        while (end < line.Length && char.IsAsciiDigit(line[end]))
        {
            end++;
        }

        string id = line[idStart..idEnd];
        long seq = long.Parse(line.AsSpan(at + 6, end - at - 6), CultureInfo.InvariantCulture);
        Interlocked.Increment(ref _messages);
        lock (_seqs)
        {
            if (!_seqs.TryGetValue(id, out var set))
            {
                _seqs[id] = set = [];
            }

            set.Add(seq);
        }
    }
}
