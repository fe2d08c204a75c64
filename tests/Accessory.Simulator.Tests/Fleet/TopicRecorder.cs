using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Accessory.Simulator.Tests.Fleet;

/// <summary>
/// mosquitto_sub (a client that is not our code) recording every message on some topic filters with its topic,
/// until disposed. Ready once the broker acknowledged the subscription (its -d output says SUBACK).
/// </summary>
internal sealed class TopicRecorder : IDisposable
{
    private const string Prefix = "MSG ";
    private readonly Process _process;
    private readonly ConcurrentQueue<(string Topic, string Payload)> _messages = new();
    private readonly ConcurrentQueue<string> _debug = new();
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TopicRecorder(int port, bool retainedOnly, params string[] filters)
    {
        var start = new ProcessStartInfo("/usr/bin/stdbuf") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-oL", "/usr/bin/mosquitto_sub", "-d", "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-i", "fleet-rec-" + Guid.NewGuid().ToString("N")[..8], "-q", "1", "-F", Prefix + "%t %p" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var filter in filters)
        {
            start.ArgumentList.Add("-t");
            start.ArgumentList.Add(filter);
        }

        if (retainedOnly)
        {
            start.ArgumentList.Add("--retained-only");
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto_sub did not start");
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
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
    }

    public IReadOnlyList<(string Topic, string Payload)> Messages => _messages.ToArray();

    public string Transcript => string.Join('\n', _debug.TakeLast(20));

    public void WaitUntilSubscribed() =>
        Assert.True(_subscribed.Task.Wait(TimeSpan.FromSeconds(20)), "mosquitto_sub never got its SUBACK:\n" + Transcript);

    /// <summary>Device ids (second topic level) of messages whose topic ends with <paramref name="suffix"/> and whose payload satisfies <paramref name="payload"/>.</summary>
    public HashSet<string> Devices(string suffix, Func<string, bool> payload) => Messages
        .Where(m => m.Topic.EndsWith(suffix, StringComparison.Ordinal) && payload(m.Payload))
        .Select(m => m.Topic.Split('/')[1])
        .ToHashSet(StringComparer.Ordinal);

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

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        // mosquitto_sub writes its -d lines to stdout too.
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            _debug.Enqueue(line);
            if (line.Contains("received SUBACK", StringComparison.Ordinal))
            {
                _subscribed.TrySetResult();
            }

            return;
        }

        var rest = line[Prefix.Length..];
        int space = rest.IndexOf(' ', StringComparison.Ordinal);
        _messages.Enqueue(space < 0 ? (rest, string.Empty) : (rest[..space], rest[(space + 1)..]));
    }
}
