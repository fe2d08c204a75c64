using System.Collections;

namespace Accessory.Core.Mdns;

/// <summary>
/// Encoded answers to legacy (one-shot) queries, keyed by the query's bytes after its id, so a repeated query is
/// answered by copying bytes and patching the id: no parsing, no record building, no name compression. Only plain
/// queries qualify (questions only: no known answers, authority or additional records, not truncated), because
/// then the answer depends on nothing but the questions and the records. The responder clears it whenever a record
/// or a name's state changes. Bounded: the oldest entry makes room for a new one.
/// </summary>
internal sealed class MdnsLegacyAnswerCache
{
    private const int Capacity = 32;
    private const int HeaderLength = 12;
    private const int MaxKeyLength = 512;

    private readonly byte[]?[] _keys = new byte[]?[Capacity];
    private readonly ArrayList?[] _packets = new ArrayList?[Capacity];
    private int _next;

    /// <summary>True for a standard query with questions and nothing else, small enough to keep.</summary>
    public static bool Cacheable(byte[] data)
    {
        if (data.Length <= HeaderLength || data.Length > MaxKeyLength + 2)
        {
            return false;
        }

        // QR clear, opcode 0, TC clear; at least one question; no answer, authority or additional records.
        bool query = (data[2] & 0xFA) == 0;
        bool questions = data[4] != 0 || data[5] != 0;
        bool nothingElse = (data[6] | data[7] | data[8] | data[9] | data[10] | data[11]) == 0;
        return query && questions && nothingElse;
    }

    /// <summary>The encoded response packets (ids to be patched; possibly none) for this query, or null.</summary>
    public ArrayList? Find(byte[] query)
    {
        for (int i = 0; i < Capacity; i++)
        {
            byte[]? key = _keys[i];
            if (key != null && Matches(key, query))
            {
                return _packets[i];
            }
        }

        return null;
    }

    /// <summary>Remembers what was answered to <paramref name="query"/> (an ArrayList of byte[], empty when nothing).</summary>
    public void Add(byte[] query, ArrayList packets)
    {
        var key = new byte[query.Length - 2];
        for (int i = 0; i < key.Length; i++)
        {
            key[i] = query[i + 2];
        }

        _keys[_next] = key;
        _packets[_next] = packets;
        _next = (_next + 1) % Capacity;
    }

    public void Clear()
    {
        for (int i = 0; i < Capacity; i++)
        {
            _keys[i] = null;
            _packets[i] = null;
        }
    }

    /// <summary>
    /// Puts the querier's id into a cached packet (RFC 6762 6.7: legacy answers echo it), in place: a copy per answer
    /// was the only allocation left on this path, and a GC every second or so at 5,000 queries/s. Safe because the
    /// responder does it and sends under its lock, and a transport is done with a packet when its send returns.
    /// </summary>
    public static void SetId(byte[] packet, byte[] query)
    {
        packet[0] = query[0];
        packet[1] = query[1];
    }

    private static bool Matches(byte[] key, byte[] query)
    {
        if (key.Length != query.Length - 2)
        {
            return false;
        }

        for (int i = 0; i < key.Length; i++)
        {
            if (key[i] != query[i + 2])
            {
                return false;
            }
        }

        return true;
    }
}
