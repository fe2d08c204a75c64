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

            _client.Send(data, new IPEndPoint(new IPAddress(destination.Address), destination.Port));
        }

        public void Stop()
        {
            _stopped = true;
            _client.DropMulticastGroup(IPAddress.Parse(GroupAddress));
            _client.Close();
        }

        private void ReceiveLoop()
        {
            var buffer = new byte[MaxDatagram];
            while (!_stopped)
            {
                try
                {
                    var from = new IPEndPoint(IPAddress.Any, 0);
                    int length = _client.Receive(buffer, ref from);
                    var data = new byte[length];
                    Array.Copy(buffer, data, length);
                    Received?.Invoke(data, new DatagramEndpoint(from.Address.GetAddressBytes(), from.Port));
                }
                catch (SocketException e)
                {
                    if (!_stopped)
                    {
                        _log.Write(LogLevel.Warning, "mdns", "receive failed: " + e.Message);
                        Thread.Sleep(1000);
                    }
                }
            }
        }
    }
}
