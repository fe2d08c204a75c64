using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>
/// mosquitto_sub as an independent subscriber: a client that is not our code. Its debug output (-d) is the ready
/// signal (SUBACK received), so a test publishes only once the subscription exists instead of sleeping; payloads are
/// printed with a prefix to tell them from debug lines. Ids are explicit because MQTTnet's server refuses the empty
/// id mosquitto's tools send by default.
/// </summary>
internal sealed class MosquittoSubscriber : IDisposable
{
    private const string PayloadPrefix = "MSG ";
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _payloads = new();
    private readonly ConcurrentQueue<string> _debug = new();
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public MosquittoSubscriber(int port, string topic, int count, int waitSeconds, bool retainedOnly = false, Accessory.Simulator.Mqtt.BrokerCredentials? credentials = null)
    {
        // Line-buffered through stdbuf: on a pipe mosquitto_sub would hold its output (SUBACK included) until it exits.
        var start = new ProcessStartInfo("/usr/bin/stdbuf")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "-oL", "/usr/bin/mosquitto_sub", "-d", "-h", "127.0.0.1", "-i", "acc-sub-" + Guid.NewGuid().ToString("N")[..8], "-p", port.ToString(CultureInfo.InvariantCulture),
            "-t", topic, "-q", "1", "-F", PayloadPrefix + "%p",
            "-C", count.ToString(CultureInfo.InvariantCulture), "-W", waitSeconds.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(arg);
        }

        if (retainedOnly)
        {
            start.ArgumentList.Add("--retained-only");
        }

        if (credentials is not null)
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add(credentials.Username);
            start.ArgumentList.Add("-P");
            start.ArgumentList.Add(credentials.Password);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto_sub did not start");
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _debug.Enqueue(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Waits until the broker acknowledged the subscription; fails the test with mosquitto_sub's output otherwise.</summary>
    public void WaitUntilSubscribed(TimeSpan timeout)
    {
        Assert.True(_subscribed.Task.Wait(timeout), "mosquitto_sub never got its SUBACK:\n" + string.Join('\n', _debug));
    }

    /// <summary>Waits for mosquitto_sub to exit (count reached or its -W timeout) and returns the payloads it printed.</summary>
    /// <summary>mosquitto_sub's own account (debug lines), for failure messages.</summary>
    public string Transcript => string.Join('\n', _debug);

    public IReadOnlyList<string> Collect(int waitSeconds)
    {
        if (!_process.WaitForExit((waitSeconds + 5) * 1000))
        {
            _process.Kill();
        }

        _process.WaitForExit();
        _closed.Task.Wait(TimeSpan.FromSeconds(5));
        return _payloads.ToArray();
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

    private void OnLine(string? line)
    {
        if (line is null)
        {
            _closed.TrySetResult();
            return;
        }

        if (line.StartsWith(PayloadPrefix, StringComparison.Ordinal))
        {
            _payloads.Enqueue(line[PayloadPrefix.Length..]);
            return;
        }

        _debug.Enqueue(line);
        if (line.Contains("received SUBACK", StringComparison.Ordinal))
        {
            _subscribed.TrySetResult();
        }
    }
}
