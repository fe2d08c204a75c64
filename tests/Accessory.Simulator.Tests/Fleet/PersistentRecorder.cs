using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Accessory.Simulator.Tests.Fleet;

/// <summary>
/// mosquitto_sub with a persistent session (-c, fixed id, QoS 1) that reconnects by itself after a broker restart,
/// so the broker keeps what arrives for it meanwhile: the cloud consumer a no-loss claim is judged by.
/// </summary>
internal sealed class PersistentRecorder : IDisposable
{
    private const string Prefix = "MSG ";
    private readonly Process _process;
    private readonly ConcurrentQueue<(string Topic, string Payload)> _messages = new();
    private readonly ConcurrentQueue<string> _debug = new();
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PersistentRecorder(int port, string filter)
    {
        var start = new ProcessStartInfo("/usr/bin/stdbuf") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-oL", "/usr/bin/mosquitto_sub", "-d", "-c", "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-i", "fleet-cloud-" + Guid.NewGuid().ToString("N")[..8], "-q", "1", "-t", filter, "-F", Prefix + "%t %p" })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto_sub did not start");
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } debug && !debug.StartsWith(Prefix, StringComparison.Ordinal))
            {
                // mosquitto_sub writes its -d lines to stdout too.
                if (!debug.Contains("PUBLISH", StringComparison.Ordinal) && !debug.Contains("PUBACK", StringComparison.Ordinal))
                {
                    _debug.Enqueue(debug);
                }

                if (debug.Contains("received SUBACK", StringComparison.Ordinal))
                {
                    _subscribed.TrySetResult();
                }
            }
            else if (e.Data is { } line)
            {
                var rest = line[Prefix.Length..];
                int space = rest.IndexOf(' ', StringComparison.Ordinal);
                _messages.Enqueue(space < 0 ? (rest, string.Empty) : (rest[..space], rest[(space + 1)..]));
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _debug.Enqueue(e.Data);
                if (e.Data.Contains("received SUBACK", StringComparison.Ordinal))
                {
                    _subscribed.TrySetResult();
                }
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Assert.True(_subscribed.Task.Wait(TimeSpan.FromSeconds(20)), "mosquitto_sub never got its SUBACK:\n" + Transcript);
    }

    public IReadOnlyList<(string Topic, string Payload)> Messages => _messages.ToArray();

    public string Transcript => string.Join('\n', _debug.Where(l => !l.Contains("PUBLISH", StringComparison.Ordinal) && !l.Contains("PUBACK", StringComparison.Ordinal)).TakeLast(20));

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5_000);
            }
        }
        finally
        {
            _process.Dispose();
        }
    }
}
