using System;
using System.Net;

namespace Iot.Device.DhcpServer
{
    /// <summary>
    /// The SoftAP's DHCP server. The emulated AP is the host's loopback or a test's namespace interface, whose
    /// clients already have addresses, so no lease is handed out: Start checks its arguments as the real server does
    /// and reports the server running; docs/fidelity.md lists DHCP among what is not emulated.
    /// </summary>
    public class DhcpServer : IDisposable
    {
        private bool _running;

        public DhcpServer()
        {
        }

        public string? CaptivePortalUrl { get; set; }

        public IPAddress? DnsServer { get; set; }

        public IPAddress? Gateway { get; set; }

        public bool Start(IPAddress address, IPAddress mask, ushort timeToLeave)
        {
            ArgumentNullException.ThrowIfNull(address);
            ArgumentNullException.ThrowIfNull(mask);
            if (timeToLeave == 0)
            {
                throw new ArgumentException("a lease needs a time");
            }

            _running = true;
            return _running;
        }

        public void Stop()
        {
            _running = false;
        }

        public void Dispose()
        {
            Stop();
        }
    }
}
