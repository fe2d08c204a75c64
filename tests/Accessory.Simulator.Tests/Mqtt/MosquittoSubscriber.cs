using System.Globalization;

namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>
/// mosquitto_sub as an independent subscriber that stops by itself: after <c>count</c> payloads on one topic
/// filter or <c>waitSeconds</c> (-C/-W), optionally with broker credentials. A <see cref="MosquittoRecorder"/> that
/// prints payloads only.
/// </summary>
internal sealed class MosquittoSubscriber : IDisposable
{
    private readonly MosquittoRecorder _recorder;

    public MosquittoSubscriber(int port, string topic, int count, int waitSeconds, bool retainedOnly = false, Accessory.Simulator.Mqtt.BrokerCredentials? credentials = null)
    {
        var options = new List<string>
        {
            "-t", topic, "-C", count.ToString(CultureInfo.InvariantCulture), "-W", waitSeconds.ToString(CultureInfo.InvariantCulture),
        };
        if (retainedOnly)
        {
            options.Add("--retained-only");
        }

        if (credentials is not null)
        {
            options.AddRange(["-u", credentials.Username, "-P", credentials.Password]);
        }

        _recorder = new MosquittoRecorder(port, "acc-sub-", options, withTopic: false);
    }

    /// <summary>mosquitto_sub's own account (debug lines), for failure messages.</summary>
    public string Transcript => _recorder.Transcript;

    /// <summary>Waits until the broker acknowledged the subscription; fails the test with mosquitto_sub's output otherwise.</summary>
    public void WaitUntilSubscribed(TimeSpan timeout) => _recorder.WaitUntilSubscribed(timeout);

    /// <summary>Waits for mosquitto_sub to exit (count reached or its -W timeout) and returns the payloads it printed.</summary>
    public IReadOnlyList<string> Collect(int waitSeconds)
    {
        _recorder.WaitForExit(TimeSpan.FromSeconds(waitSeconds + 5));
        return _recorder.Messages.Select(m => m.Payload).ToList();
    }

    public void Dispose() => _recorder.Dispose();
}
