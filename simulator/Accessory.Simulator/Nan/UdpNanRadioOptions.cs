using System.Net.Sockets;

namespace Accessory.Simulator.Nan;

/// <summary>Where <see cref="UdpNanRadio"/> joins the simulated NAN medium and how lossy and slow it is.</summary>
public sealed class UdpNanRadioOptions
{
    /// <summary>
    /// The one interface the medium lives on (resolved in the socket's namespace). Required: multicast must never
    /// go out on whichever interface the kernel would choose by default.
    /// </summary>
    public required string InterfaceName { get; init; }

    /// <summary>This radio's 6-byte NAN address; null derives it from the interface's hardware address.</summary>
    public byte[]? Address { get; init; }

    /// <summary>The medium's UDP port; radios on different ports do not hear each other.</summary>
    public int Port { get; init; } = UdpNanMedium.Port;

    /// <summary>Probability (0..1) that a received frame is dropped, per receiver, as a radio in noise would.</summary>
    public double LossProbability { get; init; }

    /// <summary>Seed for the loss decisions, so a QA run with loss can be repeated.</summary>
    public int LossSeed { get; init; } = 1;

    /// <summary>Delay in milliseconds before a received frame is handed to listeners.</summary>
    public int LatencyMilliseconds { get; init; }

    /// <summary>
    /// Creates the UDP socket; the default creates it in the caller's namespace. Tests pass
    /// <c>family =&gt; ns.CreateSocketIn(family, SocketType.Dgram, ProtocolType.Udp)</c>.
    /// </summary>
    public Func<AddressFamily, Socket>? SocketFactory { get; init; }
}
