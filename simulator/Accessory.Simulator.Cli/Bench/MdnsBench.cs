using System.Net.Sockets;
using Accessory.Simulator.Mdns;
using Accessory.Simulator.Mdns.Reference;
using Accessory.Simulator.Net;
using Accessory.Simulator.Platform;
using Microsoft.Extensions.Logging.Abstractions;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>
/// `accessory-sim bench mdns`: a bounded PTR query load against our responder and, side by side in the same run,
/// avahi-daemon, each on its own host of a private test LAN (network namespaces; nothing leaves them).
/// </summary>
internal sealed class MdnsBench
{
    private readonly TextWriter _out;

    public MdnsBench(TextWriter output)
    {
        _out = output;
    }

    public async Task<int> RunAsync(int queries, double rate, TimeSpan timeout)
    {
        if (NetworkNamespace.UnavailableReason is { } why)
        {
            await Console.Error.WriteLineAsync($"error: bench mdns runs in private network namespaces: {why}").ConfigureAwait(false);
            return 2;
        }

        using var lan = LanSegment.Create("ours", "avahi", "client");
        var data = Directory.CreateTempSubdirectory("accessory-bench-mdns-");
        try
        {
            _out.WriteLine($"workload: {queries} legacy-unicast PTR queries at {rate}/s from a client namespace, answer timeout {timeout.TotalMilliseconds} ms");
            var ours = await MeasureOursAsync(lan, data.FullName, queries, rate, timeout).ConfigureAwait(false);
            _out.WriteLine($"accessory responder: {ours}");
            if (AvahiConfig.UnavailableReason is { } avahiMissing)
            {
                _out.WriteLine($"avahi-daemon: not measured ({avahiMissing})");
                return ours.Unanswered == 0 ? 0 : 1;
            }

            using var avahi = AvahiResponder.Start(lan["avahi"], "avahi-bench", ("Avahi Bench", "_avahibench._tcp", 8443, ["id=0"]));
            var reference = Load(lan["client"], "_avahibench._tcp.local", queries, rate, timeout);
            _out.WriteLine($"avahi-daemon:        {reference}");
            return ours.Unanswered == 0 ? 0 : 1;
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    private static async Task<MdnsQueryLoadResult> MeasureOursAsync(LanSegment lan, string dataDirectory, int queries, double rate, TimeSpan timeout)
    {
        var host = lan["ours"];
        var options = new DeviceOptions
        {
            DataDirectory = dataDirectory,
            Name = "PROV_BE0C11",
            Mdns = new AdvertiserOptions
            {
                Transport = new MulticastTransportOptions
                {
                    InterfaceName = host.InterfaceName,
                    SocketFactory = family => host.Namespace.CreateSocketIn(family, SocketType.Dgram, ProtocolType.Udp),
                },
                Addresses = new[] { host.IPv4, host.IPv6LinkLocal },
            },
        };
        await using var device = new SimulatedDevice(options, NullLoggerFactory.Instance, new CryptoRandom());
        await device.StartAsync().ConfigureAwait(false);
        for (int i = 0; i < 200 && !device.Advertiser!.Responder.IsEstablished; i++)
        {
            await Task.Delay(25).ConfigureAwait(false);
        }

        return Load(lan["client"], "_accessory._tcp.local", queries, rate, timeout);
    }

    private static MdnsQueryLoadResult Load(LanHost client, string serviceType, int queries, double rate, TimeSpan timeout) =>
        MdnsQueryLoad.Run(new MdnsQueryLoadOptions
        {
            ServiceType = serviceType,
            QueryCount = queries,
            QueriesPerSecond = rate,
            AnswerTimeout = timeout,
            InterfaceName = client.InterfaceName,
            SocketFactory = family => client.Namespace.CreateSocketIn(family, SocketType.Dgram, ProtocolType.Udp),
        });
}
