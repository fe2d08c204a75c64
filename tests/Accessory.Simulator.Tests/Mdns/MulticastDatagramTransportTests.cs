using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Accessory.Core.Ports;
using Accessory.Simulator.Mdns;
using Accessory.Simulator.Net;
using Accessory.Simulator.Tests.Net;

namespace Accessory.Simulator.Tests.Mdns;

public sealed class MulticastDatagramTransportTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [NamespaceFact]
    public void IPv4_multicast_from_one_namespace_arrives_in_the_other_with_the_senders_address()
    {
        using var lan = LanSegment.Create("dev", "phone");
        using var device = LanTransports.Open(lan["dev"], ipv6: false);
        using var phone = LanTransports.Open(lan["phone"], ipv6: false);
        using var inbox = new DatagramInbox();
        inbox.Attach(phone);

        var payload = Payload("v4 hello");
        device.SendMulticast(payload, ipv6: false);

        var source = inbox.WaitFor(payload, Patience);
        Assert.NotNull(source);
        Assert.Equal(lan["dev"].IPv4, new IPAddress(source.Address));
        Assert.Equal(5353, source.Port);
    }

    [NamespaceFact]
    public void IPv6_multicast_to_ff02_fb_arrives_from_the_senders_link_local_address()
    {
        using var lan = LanSegment.Create("dev", "phone");
        using var device = LanTransports.Open(lan["dev"], ipv4: false);
        using var phone = LanTransports.Open(lan["phone"], ipv4: false);
        using var inbox = new DatagramInbox();
        inbox.Attach(phone);

        var payload = Payload("v6 hello");
        device.SendMulticast(payload, ipv6: true);

        var source = inbox.WaitFor(payload, Patience);
        Assert.NotNull(source);
        Assert.True(source.IsIPv6);
        Assert.Equal(lan["dev"].IPv6LinkLocal, new IPAddress(source.Address));
    }

    [NamespaceFact]
    public void Unicast_reply_reaches_the_source_of_a_multicast_on_both_families()
    {
        using var lan = LanSegment.Create("dev", "phone");
        using var device = LanTransports.Open(lan["dev"]);
        using var phone = LanTransports.Open(lan["phone"]);
        using var deviceInbox = new DatagramInbox();
        using var phoneInbox = new DatagramInbox();
        deviceInbox.Attach(device);
        phoneInbox.Attach(phone);

        foreach (bool ipv6 in new[] { false, true })
        {
            var question = Payload("question " + ipv6);
            phone.SendMulticast(question, ipv6);
            var asker = deviceInbox.WaitFor(question, Patience);
            Assert.NotNull(asker);

            // Link-local IPv6 sources come without a scope; the transport supplies its interface.
            var answer = Payload("answer " + ipv6);
            device.SendUnicast(answer, asker);
            var from = phoneInbox.WaitFor(answer, Patience);
            Assert.NotNull(from);
            Assert.Equal(ipv6, from.IsIPv6);
        }
    }

    [NamespaceFact]
    public void Two_transports_in_one_namespace_share_port_5353_and_both_hear_the_group()
    {
        using var lan = LanSegment.Create("dev", "phone");
        var log = new RecordingLog();
        using var first = LanTransports.Open(lan["dev"], log: log);
        using var second = LanTransports.Open(lan["dev"], log: log);
        using var phone = LanTransports.Open(lan["phone"]);
        using var firstInbox = new DatagramInbox();
        using var secondInbox = new DatagramInbox();
        firstInbox.Attach(first);
        secondInbox.Attach(second);

        var fromPhone = Payload("to both");
        phone.SendMulticast(fromPhone, ipv6: false);
        Assert.NotNull(firstInbox.WaitFor(fromPhone, Patience));
        Assert.NotNull(secondInbox.WaitFor(fromPhone, Patience));

        // Multicast loopback: a responder hears its neighbour on the same host (and IPv6 too).
        var fromFirst = Payload("neighbour");
        first.SendMulticast(fromFirst, ipv6: true);
        Assert.True(secondInbox.WaitFor(fromFirst, Patience) != null, "log: " + string.Join('\n', log.Lines));
    }

    [NamespaceFact]
    public void A_transport_with_multicast_loopback_hears_its_own_multicast()
    {
        using var lan = LanSegment.Create("dev");
        using var device = LanTransports.Open(lan["dev"], ipv6: false);
        using var inbox = new DatagramInbox();
        inbox.Attach(device);

        var payload = Payload("echo");
        device.SendMulticast(payload, ipv6: false);

        Assert.NotNull(inbox.WaitFor(payload, Patience));
    }

    [NamespaceFact]
    public void A_throwing_handler_does_not_stop_later_datagrams_and_the_failure_is_logged()
    {
        using var lan = LanSegment.Create("dev", "phone");
        var log = new RecordingLog();
        using var device = MulticastDatagramTransportFactory(lan["dev"], log);
        using var phone = LanTransports.Open(lan["phone"], ipv6: false);
        int calls = 0;
        device.Received += (data, source) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("handler bug");
            }
        };
        using var inbox = new DatagramInbox();
        inbox.Attach(device);

        phone.SendMulticast(Payload("first"), ipv6: false);
        var second = Payload("second");
        phone.SendMulticast(second, ipv6: false);

        Assert.NotNull(inbox.WaitFor(second, Patience));
        Assert.Contains(log.Lines, line => line.Contains("handler bug", StringComparison.Ordinal));
    }

    [NamespaceFact]
    public void An_unknown_interface_name_fails_to_open_and_leaves_no_socket_on_the_port()
    {
        using var lan = LanSegment.Create("dev");
        var host = lan["dev"];
        var bad = new MulticastTransportOptions
        {
            InterfaceName = "nosuch0",
            SocketFactory = family => host.Namespace.CreateSocketIn(family, SocketType.Dgram, ProtocolType.Udp),
        };

        Assert.Throws<IOException>(() => MulticastDatagramTransport.Open(bad));
        using var good = LanTransports.Open(host);
        Assert.Equal(InterfaceIndexIn(host), good.InterfaceIndex);
    }

    [NamespaceFact]
    public void Disposing_the_segment_removes_every_namespace_it_created()
    {
        IReadOnlyList<string> names;
        using (var lan = LanSegment.Create("dev", "dev2", "phone"))
        {
            names = lan.NamespaceNames;
            Assert.Equal(4, names.Count);
            Assert.All(names, name => Assert.True(NetworkNamespace.Exists(name)));
            using var transport = LanTransports.Open(lan["dev2"]);
        }

        Assert.All(names, name => Assert.False(NetworkNamespace.Exists(name)));
    }

    [NamespaceFact]
    public void Disposed_transport_stops_delivering_and_ignores_sends()
    {
        using var lan = LanSegment.Create("dev", "phone");
        using var phone = LanTransports.Open(lan["phone"], ipv6: false);
        var device = LanTransports.Open(lan["dev"], ipv6: false);
        int received = 0;
        device.Received += (data, source) => Interlocked.Increment(ref received);
        device.Dispose();
        device.Dispose();

        device.SendMulticast(Payload("after dispose"), ipv6: false);
        using var inbox = new DatagramInbox();
        inbox.Attach(phone);
        var marker = Payload("marker");
        phone.SendMulticast(marker, ipv6: false);
        Assert.NotNull(inbox.WaitFor(marker, Patience));
        Assert.Equal(0, Volatile.Read(ref received));
    }

    [NamespaceFact]
    public void A_transport_named_for_one_link_ignores_multicast_arriving_on_another_link()
    {
        using var lan = LanSegment.Create("dev", "phone");
        var device = lan["dev"];
        foreach (var step in new[] { new[] { "link", "add", "side0", "type", "veth", "peer", "name", "side1" }, ["link", "set", "side1", "up"], ["link", "set", "side0", "multicast", "on", "up"] })
        {
            var result = device.Namespace.Run("ip", step, TimeSpan.FromSeconds(20));
            Assert.True(result.ExitCode == 0, result.StandardError);
        }

        using var onEth0 = LanTransports.Open(device, ipv6: false);
        using var onSide = MulticastDatagramTransport.Open(new MulticastTransportOptions
        {
            InterfaceName = "side0",
            EnableIPv6 = false,
            SocketFactory = family => device.Namespace.CreateSocketIn(family, SocketType.Dgram, ProtocolType.Udp),
        });
        using var phone = LanTransports.Open(lan["phone"], ipv6: false);
        using var eth0Inbox = new DatagramInbox();
        using var sideInbox = new DatagramInbox();
        eth0Inbox.Attach(onEth0);
        sideInbox.Attach(onSide);

        var payload = Payload("eth0 only");
        phone.SendMulticast(payload, ipv6: false);

        Assert.NotNull(eth0Inbox.WaitFor(payload, Patience));

        // The eth0 transport has it, so it was delivered; the other socket had the same chance and must not hold it.
        Assert.Null(sideInbox.WaitFor(payload, TimeSpan.FromMilliseconds(200)));
    }

    private static MulticastDatagramTransport MulticastDatagramTransportFactory(LanHost host, ILog log) =>
        MulticastDatagramTransport.Open(
            new MulticastTransportOptions
            {
                InterfaceName = host.InterfaceName,
                EnableIPv6 = false,
                SocketFactory = family => host.Namespace.CreateSocketIn(family, SocketType.Dgram, ProtocolType.Udp),
            },
            log);

    private static int InterfaceIndexIn(LanHost host)
    {
        var result = host.Namespace.Run("/bin/cat", ["/sys/class/net/" + host.InterfaceName + "/ifindex"], TimeSpan.FromSeconds(10));
        return int.Parse(result.StandardOutput.Trim(), CultureInfo.InvariantCulture);
    }

    private static byte[] Payload(string text) => Encoding.UTF8.GetBytes(text + " " + Guid.NewGuid().ToString("N"));
}
