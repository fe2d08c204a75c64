using System.Collections;

namespace Accessory.Core.Mdns;

/// <summary>
/// The responder's hosts and services by owner name (case folded as DNS compares names), so a record heard or a
/// question asked finds the registrations it concerns without a walk over all of them: a fleet's responder hears
/// its own ~15,000 start-up packets back, and a walk over ~2,000 names per record heard put it 10-20 s behind.
/// A small chained hash table over an array of ArrayLists (the core has no Hashtable or generics). Each
/// registration remembers the hash it was filed under, so it can be taken out after its name changed.
/// </summary>
internal sealed class MdnsNameIndex
{
    private const int InitialBuckets = 64;

    private ArrayList[] _buckets = NewBuckets(InitialBuckets);
    private int _count;

    public int Count => _count;

    /// <summary>Files <paramref name="registration"/> under its current owner name.</summary>
    public void Add(MdnsRegistration registration)
    {
        if (_count >= _buckets.Length * 2)
        {
            Grow();
        }

        int hash = Hash(MdnsRecordFactory.UniqueName(registration));
        registration.IndexHash = hash;
        Bucket(_buckets, hash).Add(registration);
        _count++;
    }

    /// <summary>Takes <paramref name="registration"/> out (by the hash it was filed under, so call it before or after a rename alike).</summary>
    public void Remove(MdnsRegistration registration)
    {
        ArrayList bucket = Bucket(_buckets, registration.IndexHash);
        int before = bucket.Count;
        bucket.Remove(registration);
        if (bucket.Count < before)
        {
            _count--;
        }
    }

    /// <summary>Adds to <paramref name="into"/> every registration whose owner name is <paramref name="name"/>, in the order they were filed.</summary>
    public void Find(DnsName name, ArrayList into)
    {
        ArrayList bucket = Bucket(_buckets, Hash(name));
        for (int i = 0; i < bucket.Count; i++)
        {
            var registration = (MdnsRegistration)bucket[i]!;
            if (name.SameAs(MdnsRecordFactory.UniqueName(registration)))
            {
                into.Add(registration);
            }
        }
    }

    /// <summary>The first host (<paramref name="host"/> true) or service registration named <paramref name="name"/>, or null.</summary>
    public MdnsRegistration? First(DnsName name, bool host)
    {
        ArrayList bucket = Bucket(_buckets, Hash(name));
        for (int i = 0; i < bucket.Count; i++)
        {
            var registration = (MdnsRegistration)bucket[i]!;
            if (registration.IsHost == host && name.SameAs(MdnsRecordFactory.UniqueName(registration)))
            {
                return registration;
            }
        }

        return null;
    }

    /// <summary>FNV-1a over the labels, each preceded by its length, ASCII case folded (RFC 6762 16).</summary>
    internal static int Hash(DnsName name)
    {
        uint hash = 2166136261;
        for (int i = 0; i < name.LabelCount; i++)
        {
            byte[] label = name.RawLabel(i);
            hash = (hash ^ (uint)label.Length) * 16777619;
            for (int k = 0; k < label.Length; k++)
            {
                hash = (hash ^ (uint)DnsName.FoldCase(label[k])) * 16777619;
            }
        }

        return (int)(hash & 0x7FFFFFFF);
    }

    private void Grow()
    {
        ArrayList[] larger = NewBuckets(_buckets.Length * 2);
        for (int b = 0; b < _buckets.Length; b++)
        {
            ArrayList bucket = _buckets[b];
            for (int i = 0; i < bucket.Count; i++)
            {
                var registration = (MdnsRegistration)bucket[i]!;
                Bucket(larger, registration.IndexHash).Add(registration);
            }
        }

        _buckets = larger;
    }

    private static ArrayList Bucket(ArrayList[] buckets, int hash) => buckets[hash % buckets.Length];

    private static ArrayList[] NewBuckets(int count)
    {
        var buckets = new ArrayList[count];
        for (int i = 0; i < count; i++)
        {
            buckets[i] = new ArrayList();
        }

        return buckets;
    }
}
