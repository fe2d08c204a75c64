using System.Net;
using System.Net.Sockets;

namespace Accessory.Simulator.Http;

/// <summary>Settings of the SoftAP provisioning HTTP server; the defaults are ESP-IDF's.</summary>
public sealed class ProvisioningHttpOptions
{
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>80 like the device; 0 picks a free port (tests).</summary>
    public int Port { get; init; } = 80;

    /// <summary>protocomm_httpd refuses bodies above 4 KiB.</summary>
    public int MaxBodyBytes { get; init; } = 4096;

    /// <summary>Request line plus headers; more is refused with 431 so a client cannot grow our buffers.</summary>
    public int MaxHeaderBytes { get; init; } = 4096;

    /// <summary>httpd's max_open_sockets as configured by protocomm: one, with least-recently-used purge.</summary>
    public int MaxOpenSockets { get; init; } = 1;

    /// <summary>Longest a client may take to send one whole request once it started; slower sockets are closed.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a keep-alive socket may sit idle between requests.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Creates the bound, listening socket. Null: a plain socket in this process's namespace. Tests pass one that
    /// creates it inside a network namespace.
    /// </summary>
    public Func<IPEndPoint, Socket>? CreateListener { get; init; }
}
