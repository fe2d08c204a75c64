namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>One-shot use of <see cref="MosquittoSubscriber"/>: subscribe, wait for the messages, return their payloads.</summary>
internal static class MosquittoClients
{
    /// <summary>Receives up to <paramref name="count"/> messages on <paramref name="topic"/>, waiting at most <paramref name="waitSeconds"/>.</summary>
    /// <param name="credentials">-u/-P for a broker that requires them (a device's embedded broker).</param>
    public static IReadOnlyList<string> Subscribe(int port, string topic, int count, int waitSeconds, bool retainedOnly = false, Accessory.Simulator.Mqtt.BrokerCredentials? credentials = null)
    {
        using var subscriber = new MosquittoSubscriber(port, topic, count, waitSeconds, retainedOnly, credentials);
        return subscriber.Collect(waitSeconds);
    }
}
