using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>
/// mosquitto_sub (a client that is not our code) recording every message it prints, with its topic, until it exits
/// or is disposed. Its debug output (-d) is the ready signal (SUBACK received), so a test publishes only once the
/// subscription exists instead of sleeping; messages carry a prefix to tell them from debug lines. Ids are explicit
/// because MQTTnet's server refuses the empty id mosquitto's tools send by default.
/// </summary>
internal sealed class MosquittoRecorder : IDisposable
{
    private const string Prefix = "MSG ";
    private readonly Process _process;
    private readonly ConcurrentQueue<(string Topic, string Payload)> _messages = new();
    private readonly ConcurrentQueue<string> _debug = new();
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _withTopic;

    /// <summary>Records <paramref name="filters"/> (QoS 1) until disposed; with <paramref name="retainedOnly"/> only the retained documents.</summary>
    public MosquittoRecorder(int port, bool retainedOnly, params string[] filters)
        : this(port, "fleet-rec-", Options(retainedOnly, filters), withTopic: true)
    {
    }

    /// <summary>
    /// <paramref name="options"/> come after the connection ones (-d, host, port, id, QoS 1, output format).
    /// Without <paramref name="withTopic"/> only payloads are printed (Topic is empty), so a topic with a space cannot
    /// split a payload.
    /// </summary>
    public MosquittoRecorder(int port, string idPrefix, IEnumerable<string> options, bool withTopic)
    {
        _withTopic = withTopic;

        // Line-buffered through stdbuf: on a pipe mosquitto_sub would hold its output (SUBACK included) until it exits.
        var start = new ProcessStartInfo("/usr/bin/stdbuf") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "-oL", "/usr/bin/mosquitto_sub", "-d", "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture),
            "-i", idPrefix + Guid.NewGuid().ToString("N")[..8], "-q", "1", "-F", Prefix + (withTopic ? "%t %p" : "%p"),
        })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var option in options)
        {
            start.ArgumentList.Add(option);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto_sub did not start");
        _process.OutputDataReceived += (_, e) => OnOutput(e.Data);
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                OnDebug(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IReadOnlyList<(string Topic, string Payload)> Messages => _messages.ToArray();

    /// <summary>
    /// mosquitto_sub's own account for failure messages: its last debug lines, without the per-message PUBLISH/PUBACK
    /// traffic (the messages themselves are in <see cref="Messages"/>) that would hide connects and subscriptions.
    /// </summary>
    public string Transcript => string.Join('\n', _debug
        .Where(l => !l.Contains("PUBLISH", StringComparison.Ordinal) && !l.Contains("PUBACK", StringComparison.Ordinal))
        .TakeLast(40));

    /// <summary>
    /// A recorder with a persistent session (-c, QoS 1) that reconnects by itself after a broker restart, so the
    /// broker keeps what arrives for it meanwhile: the cloud consumer a no-loss claim is judged by. Returns subscribed.
    /// </summary>
    public static MosquittoRecorder Persistent(int port, string filter)
    {
        var recorder = new MosquittoRecorder(port, "fleet-cloud-", ["-c", "-t", filter], withTopic: true);
        try
        {
            recorder.WaitUntilSubscribed();
            return recorder;
        }
        catch
        {
            recorder.Dispose();
            throw;
        }
    }

    /// <summary>Waits until the broker acknowledged the subscription; fails the test with mosquitto_sub's output otherwise.</summary>
    public void WaitUntilSubscribed() => WaitUntilSubscribed(TimeSpan.FromSeconds(20));

    public void WaitUntilSubscribed(TimeSpan timeout) =>
        Assert.True(_subscribed.Task.Wait(timeout), "mosquitto_sub never got its SUBACK:\n" + Transcript);

    /// <summary>Device ids (second topic level) of messages whose topic ends with <paramref name="suffix"/> and whose payload satisfies <paramref name="payload"/>.</summary>
    public HashSet<string> Devices(string suffix, Func<string, bool> payload) => Messages
        .Where(m => m.Topic.EndsWith(suffix, StringComparison.Ordinal) && payload(m.Payload))
        .Select(m => m.Topic.Split('/')[1])
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Waits for mosquitto_sub to exit by itself (its -C count or -W timeout), killing it after <paramref name="timeout"/>, and for its last output line.</summary>
    public void WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill();
        }

        _process.WaitForExit();
        _closed.Task.Wait(TimeSpan.FromSeconds(5));
    }

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

    private static List<string> Options(bool retainedOnly, string[] filters)
    {
        var options = filters.SelectMany(f => new[] { "-t", f }).ToList();
        if (retainedOnly)
        {
            options.Add("--retained-only");
        }

        return options;
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            _closed.TrySetResult();
            return;
        }

        // mosquitto_sub writes its -d lines to stdout too.
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            OnDebug(line);
            return;
        }

        var rest = line[Prefix.Length..];
        if (!_withTopic)
        {
            _messages.Enqueue((string.Empty, rest));
            return;
        }

        int space = rest.IndexOf(' ', StringComparison.Ordinal);
        _messages.Enqueue(space < 0 ? (rest, string.Empty) : (rest[..space], rest[(space + 1)..]));
    }

    private void OnDebug(string line)
    {
        _debug.Enqueue(line);
        if (line.Contains("received SUBACK", StringComparison.Ordinal))
        {
            _subscribed.TrySetResult();
        }
    }
}
