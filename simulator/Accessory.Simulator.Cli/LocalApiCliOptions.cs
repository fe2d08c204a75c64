using System.CommandLine;
using System.Net;
using Accessory.Simulator.LocalApi;

namespace Accessory.Simulator.Cli;

/// <summary>The `run` options of the local control API (HTTPS + WebSocket); its HTTPS port is --api-port.</summary>
internal sealed class LocalApiCliOptions
{
    public Option<int?> HttpPort { get; } = new("--api-http-port")
    {
        Description = "Also serve the local API over plain HTTP on this port (off by default; TLS faults do not apply there).",
    };

    public Option<string> Bind { get; } = new("--api-bind")
    {
        Description = "Address the local API listens on (0.0.0.0 for phones on the LAN).",
        DefaultValueFactory = _ => "127.0.0.1",
    };

    public Option<FileInfo?> Cert { get; } = new("--api-cert")
    {
        Description = "PEM certificate chain (leaf first) to serve instead of the device's self-signed certificate (with --api-key).",
    };

    public Option<FileInfo?> Key { get; } = new("--api-key") { Description = "PEM private key of --api-cert." };

    public Option<bool> NoApi { get; } = new("--no-api") { Description = "Do not serve the local control API." };

    public IEnumerable<Option> All => new Option[] { HttpPort, Bind, Cert, Key, NoApi };

    /// <exception cref="ArgumentException">An option is invalid; the message says which and why.</exception>
    public LocalApiOptions? Build(ParseResult result, int httpsPort)
    {
        if (result.GetValue(NoApi))
        {
            return null;
        }

        if (!IPAddress.TryParse(result.GetValue(Bind), out var address))
        {
            throw new ArgumentException($"--api-bind '{result.GetValue(Bind)}' is not an IP address");
        }

        CheckPort("--api-port", httpsPort);
        int? httpPort = result.GetValue(HttpPort);
        if (httpPort is int plain)
        {
            CheckPort("--api-http-port", plain);
        }

        var cert = result.GetValue(Cert);
        var key = result.GetValue(Key);
        if ((cert is null) != (key is null))
        {
            throw new ArgumentException("--api-cert and --api-key go together");
        }

        foreach (var file in new[] { cert, key })
        {
            if (file is not null && !file.Exists)
            {
                throw new ArgumentException($"{(file == cert ? "--api-cert" : "--api-key")}: file '{file.FullName}' does not exist");
            }
        }

        return new LocalApiOptions
        {
            BindAddress = address,
            HttpsPort = httpsPort,
            HttpPort = httpPort,
            CertificateChainFile = cert?.FullName,
            CertificateKeyFile = key?.FullName,
        };
    }

    private static void CheckPort(string option, int port)
    {
        if (port < 0 || port > 65535)
        {
            throw new ArgumentException($"{option} must be 0..65535 (0 picks a free port), not {port}");
        }
    }
}
