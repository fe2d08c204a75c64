namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>One-shot use of <see cref="MosquittoSubscriber"/>: subscribe, wait for the messages, return their payloads.</summary>
internal static class MosquittoClients
{
    /// <summary>Receives up to <paramref name="count"/> messages on <paramref name="topic"/>, waiting at most <paramref name="waitSeconds"/>.</summary>
    public static IReadOnlyList<string> Subscribe(int port, string topic, int count, int waitSeconds, bool retainedOnly = false)
    {
        using var subscriber = new MosquittoSubscriber(port, topic, count, waitSeconds, retainedOnly);
        return subscriber.Collect(waitSeconds);
    }
}
