using System.Net;
using System.Net.Sockets;

namespace Accessory.Simulator.Mdns;

/// <summary>What <see cref="MdnsQueryLoad"/> sends, how fast, and how long it waits for answers.</summary>
public sealed class MdnsQueryLoadOptions
{
    /// <summary>The PTR question's name, e.g. "_http._tcp.local".</summary>
    public string ServiceType { get; init; } = "_http._tcp.local";

    /// <summary>How many queries (1..65535: each gets its own DNS id).</summary>
    public int QueryCount { get; init; } = 100;

    public double QueriesPerSecond { get; init; } = 50;

    /// <summary>How long answers are still awaited after the last query went out.</summary>
    public TimeSpan AnswerTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Where queries go: the IPv4 group by default; [ff02::fb]:5353 or a responder's unicast address also work.</summary>
    public IPEndPoint Destination { get; init; } = new(MdnsAddresses.GroupIPv4, MdnsAddresses.Port);

    /// <summary>Outgoing interface by name (resolved in the socket's namespace); null leaves it to routing.</summary>
    public string? InterfaceName { get; init; }

    /// <summary>Creates the socket, e.g. inside a network namespace; default: the caller's namespace.</summary>
    public Func<AddressFamily, Socket>? SocketFactory { get; init; }
}
