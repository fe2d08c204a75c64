using System.Diagnostics;
using System.Globalization;

namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>
/// mosquitto_sub as an independent subscriber: a client that is not our code. Ids are explicit because MQTTnet's
/// server refuses the empty id mosquitto's tools send by default.
/// </summary>
internal static class MosquittoClients
{
    /// <summary>Receives up to <paramref name="count"/> messages on <paramref name="topic"/>, waiting at most <paramref name="waitSeconds"/>.</summary>
    public static IReadOnlyList<string> Subscribe(int port, string topic, int count, int waitSeconds, bool retainedOnly = false)
    {
        using var process = StartSubscriber(port, topic, count, waitSeconds, retainedOnly);
        return Collect(process, waitSeconds);
    }

    public static Process StartSubscriber(int port, string topic, int count, int waitSeconds, bool retainedOnly = false)
    {
        var start = new ProcessStartInfo("/usr/bin/mosquitto_sub")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "-h", "127.0.0.1", "-i", "acc-sub-" + Guid.NewGuid().ToString("N")[..8], "-p", port.ToString(CultureInfo.InvariantCulture), "-t", topic, "-q", "1",
            "-C", count.ToString(CultureInfo.InvariantCulture), "-W", waitSeconds.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(arg);
        }

        if (retainedOnly)
        {
            start.ArgumentList.Add("--retained-only");
        }

        return Process.Start(start) ?? throw new InvalidOperationException("mosquitto_sub did not start");
    }

    public static IReadOnlyList<string> Collect(Process process, int waitSeconds)
    {
        ArgumentNullException.ThrowIfNull(process);
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit((waitSeconds + 5) * 1000))
        {
            process.Kill();
            process.WaitForExit();
        }

        return output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
