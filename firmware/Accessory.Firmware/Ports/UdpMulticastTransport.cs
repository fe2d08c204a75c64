using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Accessory.Core.Ports;

namespace Accessory.Firmware.Ports
{
    /// <summary>
    /// IDatagramTransport for the core's mDNS responder: UDP 5353 joined to 224.0.0.251 (IPv4 only: lwIP's IPv6
    /// multicast is not exposed through nanoFramework's UdpClient) on the station interface only: with the SoftAP
    /// also up, the default interface could be the AP, where a phone on the home network never hears the answers.
    /// A receive thread hands each datagram to the core.
    /// Every object allocated per datagram feeds the board's stop-the-world GC, so the transport keeps what repeats:
    /// the array it lends the core (replaced only when the length changes: the core wants an exact-length array and
    /// copies what it keeps, IDatagramTransport's contract), the core's endpoint for a sender heard again, and the
    /// socket endpoint of the last unicast destination. What nanoFramework's UdpClient.Receive itself allocates for
    /// the sender's address (docs/firmware.md) is beyond the transport's reach.
    /// </summary>
    public sealed class UdpMulticastTransport : IDatagramTransport
    {
        public const string GroupAddress = "224.0.0.251";
        public const int Port = 5353;
        private const int MaxDatagram = 1500;
        private readonly UdpClient _client;
        private readonly IPEndPoint _group;
        private readonly ILog _log;
        private readonly Thread _receiver;
        private bool _stopped;

        // Sends come from the receive thread (answers) and the core's timers (announcements): one object, replaced whole.
        private SendTarget? _lastTarget;

        public UdpMulticastTransport(IPAddress stationAddress, ILog log)
        {
            _log = log;
            _group = new IPEndPoint(IPAddress.Parse(GroupAddress), Port);
            _client = new UdpClient(new IPEndPoint(IPAddress.Any, Port));
            try
            {
                // The interface first: if the address is not the board's, nothing has been joined or sent yet.
                _client.SetMulticastInterface(stationAddress);
                _client.JoinMulticastGroup(IPAddress.Parse(GroupAddress), stationAddress);
            }
            catch (Exception)
            {
                _client.Close();
                throw;
            }

            // RFC 6762 section 11: multicast responses go out with IP TTL 255.
            _client.Ttl = 255;
            _receiver = new Thread(ReceiveLoop);
            _receiver.Start();
        }

        /// <summary>
        /// Raised on the receive thread. The array is lent: the next datagram of the same length arrives in it, once
        /// the handler has returned (one receive thread, so never while a handler still reads it).
        /// </summary>
        public event DatagramReceived? Received;

        public void SendMulticast(byte[] data, bool ipv6)
        {
            if (ipv6)
            {
                return;
            }

            _client.Send(data, _group);
        }

        public void SendUnicast(byte[] data, DatagramEndpoint destination)
        {
            if (destination.IsIPv6)
            {
                return;
            }

            // Answers mostly go back to whoever just asked, with the endpoint object the receive loop handed out:
            // keep that destination's IPEndPoint instead of building one (and its IPAddress) per datagram.
            SendTarget? target = _lastTarget;
            if (target == null || !ReferenceEquals(target.Destination, destination))
            {
                target = new SendTarget(destination, new IPEndPoint(new IPAddress(destination.Address), destination.Port));
                _lastTarget = target;
            }

            _client.Send(data, target.EndPoint);
        }

        public void Stop()
        {
            _stopped = true;
            try
            {
                _client.DropMulticastGroup(IPAddress.Parse(GroupAddress));
            }
            catch (SocketException)
            {
                // Leaving without naming the interface needs a route to the group (Linux refuses without one);
                // closing the socket leaves its groups anyway, on lwIP as on Linux.
            }
            finally
            {
                _client.Close();
            }
        }

        private void ReceiveLoop()
        {
            var buffer = new byte[MaxDatagram];
            // Passed back in on every receive: a platform may hand back the same object for the same sender.
            var from = new IPEndPoint(IPAddress.Any, 0);
            byte[]? lent = null;
            IPAddress? lastAddress = null;
            DatagramEndpoint? lastSource = null;
            while (!_stopped)
            {
                int length;
                try
                {
                    length = _client.Receive(buffer, ref from);
                }
                catch (ObjectDisposedException)
                {
                    return; // stopped between the check and the receive
                }
                catch (SocketException e)
                {
                    if (!_stopped)
                    {
                        _log.Write(LogLevel.Warning, "mdns", "receive failed: " + e.Message);
                        Thread.Sleep(1000);
                    }

                    continue;
                }

                if (_stopped)
                {
                    return; // woken by Stop closing the socket: what came back is no datagram
                }

                // A querier sends many datagrams from one address and port: hand the core the same endpoint then,
                // compared by value (nanoFramework returns a new IPEndPoint per receive).
                if (lastSource == null || from.Port != lastSource.Port || !from.Address.Equals(lastAddress))
                {
                    lastAddress = from.Address;
                    lastSource = new DatagramEndpoint(lastAddress.GetAddressBytes(), from.Port);
                }

                if (lent == null || lent.Length != length)
                {
                    lent = new byte[length];
                }

                Array.Copy(buffer, lent, length);
                Deliver(lent, lastSource);
            }
        }

        private void Deliver(byte[] data, DatagramEndpoint source)
        {
            DatagramReceived? handler = Received;
            if (handler == null)
            {
                return;
            }

            try
            {
                handler(data, source);
            }
            catch (Exception e)
            {
                // A failing handler must not end reception for every later datagram.
                _log.Write(LogLevel.Error, "mdns", "datagram handler failed: " + e.Message);
            }
        }

        /// <summary>A core endpoint and the socket endpoint built for it.</summary>
        private sealed class SendTarget
        {
            public SendTarget(DatagramEndpoint destination, IPEndPoint endPoint)
            {
                Destination = destination;
                EndPoint = endPoint;
            }

            public DatagramEndpoint Destination { get; }

            public IPEndPoint EndPoint { get; }
        }
    }
}
