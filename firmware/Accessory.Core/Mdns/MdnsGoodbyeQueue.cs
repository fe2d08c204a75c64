using System.Collections;

namespace Accessory.Core.Mdns;

/// <summary>
/// Goodbye packets (TTL 0) waiting to go out, oldest first. The responder sends a bounded batch per clock tick:
/// withdrawing a whole fleet at once would otherwise put a thousand packets on the link in one burst, more than a
/// phone's socket buffer holds, and a lost goodbye leaves the instance listed until its TTL (75 min) runs out.
/// </summary>
internal sealed class MdnsGoodbyeQueue
{
    private readonly ArrayList _packets = new ArrayList();
    private int _next;

    /// <summary>Packets not sent yet.</summary>
    public int Count => _packets.Count - _next;

    public void Add(ArrayList messages)
    {
        for (int i = 0; i < messages.Count; i++)
        {
            _packets.Add(messages[i]);
        }
    }

    /// <summary>The oldest packet not sent yet; call only while <see cref="Count"/> is above zero.</summary>
    public DnsMessage Take()
    {
        var message = (DnsMessage)_packets[_next]!;
        _packets[_next] = null;
        _next++;
        if (_next == _packets.Count)
        {
            // Drained: start over so the list does not keep a slot per packet ever sent.
            _packets.Clear();
            _next = 0;
        }

        return message;
    }
}
