using Accessory.Core.Ports;

namespace Accessory.Simulator.Mdns;

/// <summary>
/// Sits between the responder and its multicast transport: while <see cref="Silent"/> nothing the responder sends
/// leaves (mdns.silent), though it still hears queries, so its own state carries on as if nothing happened.
/// </summary>
internal sealed class SilenceableDatagramTransport : IDatagramTransport
{
    private readonly IDatagramTransport _inner;
    private long _suppressed;
    private volatile bool _silent;

    public SilenceableDatagramTransport(IDatagramTransport inner)
    {
        _inner = inner;
    }

    public event DatagramReceived Received
    {
        add => _inner.Received += value;
        remove => _inner.Received -= value;
    }

    public bool Silent
    {
        get => _silent;
        set => _silent = value;
    }

    /// <summary>Datagrams the responder sent while silent.</summary>
    public long Suppressed => Interlocked.Read(ref _suppressed);

    public void SendMulticast(byte[] data, bool ipv6)
    {
        if (!Suppress())
        {
            _inner.SendMulticast(data, ipv6);
        }
    }

    public void SendUnicast(byte[] data, DatagramEndpoint destination)
    {
        if (!Suppress())
        {
            _inner.SendUnicast(data, destination);
        }
    }

    private bool Suppress()
    {
        if (!_silent)
        {
            return false;
        }

        Interlocked.Increment(ref _suppressed);
        return true;
    }
}
