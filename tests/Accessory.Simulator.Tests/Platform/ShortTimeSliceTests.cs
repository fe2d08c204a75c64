using System.Net;
using System.Net.Sockets;
using Accessory.Simulator.Mdns;
using Accessory.Simulator.Net;
using Accessory.Simulator.Platform;

namespace Accessory.Simulator.Tests.Platform;

/// <summary>
/// The mDNS receive thread asks the kernel for a short time slice (what lets its wake-up preempt a running thread);
/// read back from the kernel's own record of each thread.
/// </summary>
public sealed class ShortTimeSliceTests
{
    [SliceFact]
    public void A_thread_that_asks_gets_the_shortest_slice_and_one_that_does_not_keeps_the_default()
    {
        long? before = null;
        long? after = null;
        bool granted = false;
        var asking = new Thread(() =>
        {
            before = ThreadSlice.Read();
            granted = ShortTimeSlice.RequestForCurrentThread();
            after = ThreadSlice.Read();
        });
        asking.Start();
        asking.Join();

        Assert.True(granted, "the kernel refused sched_setattr");
        Assert.NotEqual(ShortTimeSlice.MinimumNanoseconds, before);
        Assert.Equal(ShortTimeSlice.MinimumNanoseconds, after);
        Assert.NotEqual(ShortTimeSlice.MinimumNanoseconds, ThreadSlice.Read());
    }

    [SliceFact]
    public void The_multicast_transport_receives_on_a_thread_with_the_short_slice()
    {
        Assert.Null(NetworkNamespace.UnavailableReason);
        using var lan = LanSegment.Create("dev", "phone");
        var host = lan["dev"];
        using var device = MulticastDatagramTransport.Open(new MulticastTransportOptions
        {
            InterfaceName = host.InterfaceName,
            EnableIPv6 = false,
            SocketFactory = family => host.Namespace.CreateSocketIn(family, SocketType.Dgram, ProtocolType.Udp),
        });
        long? seen = null;
        using var done = new ManualResetEventSlim();
        device.Received += (_, _) =>
        {
            seen = ThreadSlice.Read();
            done.Set();
        };

        using var phone = lan["phone"].Namespace.CreateSocketIn(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        phone.SendTo(new byte[12], new IPEndPoint(host.IPv4, MdnsAddresses.Port));

        Assert.True(done.Wait(TimeSpan.FromSeconds(20)), "the datagram never reached the transport");
        Assert.Equal(ShortTimeSlice.MinimumNanoseconds, seen);
    }
}
