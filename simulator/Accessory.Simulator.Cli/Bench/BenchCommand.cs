using System.CommandLine;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>`accessory-sim bench ...`: benchmarks whose figures go into issue notes (never timed unit tests).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var levels = new Option<int[]>("--sec")
        {
            Description = "Security levels to measure (repeat or list: --sec 1 --sec 2).",
            DefaultValueFactory = _ => new[] { 0, 1, 2 },
            AllowMultipleArgumentsPerToken = true,
        };
        var flows = new Option<int>("--flows") { Description = "Complete provisioning flows per level.", DefaultValueFactory = _ => 200 };
        var sessions = new Option<int>("--sessions") { Description = "Security sessions (handshakes) per level.", DefaultValueFactory = _ => 1000 };
        var workers = new Option<int>("--workers")
        {
            Description = "Concurrent phones (default: one per core).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var provisioning = new Command("provisioning", "Measure provisioning over loopback HTTP: sessions/s, flows/s, p50/p99 latency per security level.")
        {
            levels,
            flows,
            sessions,
            workers,
        };
        provisioning.SetAction((result, cancel) =>
        {
            var chosen = result.GetValue(levels)!;
            int f = result.GetValue(flows);
            int s = result.GetValue(sessions);
            int w = result.GetValue(workers);
            if (chosen.Any(l => l is < 0 or > 2) || f < 1 || s < 1 || w < 1 || f > 100_000 || s > 1_000_000 || w > 256)
            {
                Console.Error.WriteLine("error: --sec takes 0, 1 or 2; --flows 1..100000, --sessions 1..1000000, --workers 1..256");
                return Task.FromResult(2);
            }

            return Task.FromResult(new ProvisioningBench(Console.Out).Run(chosen, f, s, w, cancel));
        });
        var queries = new Option<int>("--queries") { Description = "mDNS queries per responder and round (1..65535).", DefaultValueFactory = _ => 2000 };
        var rate = new Option<double[]>("--rate")
        {
            Description = "Queries per second (repeat or list for several points: --rate 5000 12500 25000).",
            DefaultValueFactory = _ => new[] { 500.0 },
            AllowMultipleArgumentsPerToken = true,
        };
        var rounds = new Option<int>("--rounds") { Description = "Rounds per rate, each measuring ours then avahi-daemon (1..20).", DefaultValueFactory = _ => 1 };
        var answerTimeout = new Option<int>("--timeout-ms") { Description = "How long to wait for each answer.", DefaultValueFactory = _ => 1000 };
        var internals = new Option<bool>("--internals")
        {
            Description = "Also print our responder's own figures per round, read from its /metrics between rounds: bytes allocated per datagram, GCs and their pause, methods jitted, handlings over 1 ms (each reading makes the responder compile a little).",
        };
        var sharedLan = new Option<bool>("--shared-lan")
        {
            Description = "Put both responders and one client on one LAN, as earlier versions did: every query then wakes both responders, so each one's figures include the other's cost.",
        };
        var mdns = new Command("mdns", "Measure the mDNS responder (own process) next to avahi-daemon: p50/p99 latency, lost answers, CPU; in private network namespaces (root).")
        {
            queries,
            rate,
            rounds,
            answerTimeout,
            internals,
            sharedLan,
        };
        mdns.SetAction((result, cancel) =>
        {
            int q = result.GetValue(queries);
            double[] r = result.GetValue(rate)!;
            int n = result.GetValue(rounds);
            int t = result.GetValue(answerTimeout);
            if (q is < 1 or > 65535 || r.Length == 0 || r.Any(x => x is <= 0 or > 100_000) || n is < 1 or > 20 || t is < 1 or > 60_000)
            {
                Console.Error.WriteLine("error: --queries 1..65535, --rate 0..100000 (one or more), --rounds 1..20, --timeout-ms 1..60000");
                return Task.FromResult(2);
            }

            return new MdnsBench(Console.Out).RunAsync(q, r, n, TimeSpan.FromMilliseconds(t), result.GetValue(internals), result.GetValue(sharedLan));
        });
        var instances = new Option<int>("--instances") { Description = "Instances each responder advertises (1..10000).", DefaultValueFactory = _ => 1000 };
        var browseRounds = new Option<int>("--rounds") { Description = "Rounds, each browsing ours then avahi-daemon (1..20).", DefaultValueFactory = _ => 3 };
        var mdnsBrowse = new Command("mdns-browse", "A phone browsing and resolving N instances: our shared fleet responder (own process) next to avahi-daemon with N services; in private network namespaces (root).")
        {
            instances,
            browseRounds,
        };
        mdnsBrowse.SetAction((result, cancel) =>
        {
            int n = result.GetValue(instances);
            int r = result.GetValue(browseRounds);
            if (n is < 1 or > Accessory.Simulator.Fleet.FleetMdns.MaxDevices || r is < 1 or > 20)
            {
                Console.Error.WriteLine($"error: --instances 1..{Accessory.Simulator.Fleet.FleetMdns.MaxDevices}, --rounds 1..20");
                return Task.FromResult(2);
            }

            return Task.FromResult(new MdnsBrowseBench(Console.Out).Run(n, r));
        });
        var broker = new Option<string>("--broker") { Description = "'embedded' or mqtt://host:port (e.g. a local mosquitto).", DefaultValueFactory = _ => "embedded" };
        var devices = new Option<int>("--devices") { Description = "Device links to connect (1..20000; above ~RLIMIT_NOFILE/2 a local broker runs out of descriptors first).", DefaultValueFactory = _ => 200 };
        var publishes = new Option<int>("--publishes") { Description = "QoS1 publishes per device (0..1000).", DefaultValueFactory = _ => 10 };
        var mqtt = new Command("mqtt", "Measure N device links from one process: connect rate, memory per device, QoS1 publish throughput.")
        {
            broker,
            devices,
            publishes,
        };
        mqtt.SetAction(async (result, cancel) =>
        {
            int d = result.GetValue(devices);
            int p = result.GetValue(publishes);
            if (d is < 1 or > 20000 || p is < 0 or > 1000)
            {
                await Console.Error.WriteLineAsync("error: --devices 1..20000, --publishes 0..1000").ConfigureAwait(false);
                return 2;
            }

            Accessory.Simulator.Mqtt.BrokerUri uri;
            try
            {
                uri = Accessory.Simulator.Mqtt.BrokerUri.Parse(result.GetValue(broker)!);
            }
            catch (Accessory.Simulator.Mqtt.BrokerUriException e)
            {
                await Console.Error.WriteLineAsync("error: --broker: " + e.Message).ConfigureAwait(false);
                return 2;
            }

            return await MqttBench.RunAsync(uri, d, p, Console.Out).ConfigureAwait(false);
        });
        var fleetDevices = new Option<int>("--devices") { Description = "Fleet devices in this process (1..20000).", DefaultValueFactory = _ => 10_000 };
        var telemetrySeconds = new Option<double>("--telemetry-s") { Description = "Telemetry period per device in seconds (QoS 1, +-20% jitter).", DefaultValueFactory = _ => 10 };
        var outageSeconds = new Option<double>("--outage-s") { Description = "How long the broker stays down in the restart (seconds).", DefaultValueFactory = _ => 5 };
        var startRate = new Option<int>("--start-rate") { Description = "Devices started per second (0: all at once).", DefaultValueFactory = _ => 2000 };
        var noReference = new Option<bool>("--no-reference") { Description = "Skip the `bench mqtt` raw-link reference run." };
        var fleet = new Command("fleet", "Measure N fleet devices against a mosquitto the bench starts: time to all connected, peak RSS, broker restart, QoS 1 loss by seq; next to `bench mqtt` raw links.")
        {
            fleetDevices,
            telemetrySeconds,
            outageSeconds,
            startRate,
            noReference,
        };
        fleet.SetAction(async (result, cancel) =>
        {
            int n = result.GetValue(fleetDevices);
            double t = result.GetValue(telemetrySeconds);
            double outage = result.GetValue(outageSeconds);
            int rate = result.GetValue(startRate);
            if (n is < 1 or > 20_000 || t is < 0.1 or > 3600 || outage is < 0 or > 300 || rate is < 0 or > 1_000_000)
            {
                await Console.Error.WriteLineAsync("error: --devices 1..20000, --telemetry-s 0.1..3600, --outage-s 0..300, --start-rate 0..1000000").ConfigureAwait(false);
                return 2;
            }

            if (!OperatingSystem.IsLinux())
            {
                await Console.Error.WriteLineAsync("error: bench fleet runs Debian's mosquitto and reads /proc; it needs Linux").ConfigureAwait(false);
                return 2;
            }

            return await FleetBench.RunAsync(n, TimeSpan.FromSeconds(t), TimeSpan.FromSeconds(outage), rate, !result.GetValue(noReference), Console.Out, cancel).ConfigureAwait(false);
        });
        var soakLinks = new Option<int>("--links") { Description = "Links per cycle (1..10000).", DefaultValueFactory = _ => 5000 };
        var soakCycles = new Option<int>("--cycles") { Description = "Connect/disconnect cycles (1..100).", DefaultValueFactory = _ => 10 };
        var noTrim = new Option<bool>("--no-trim") { Description = "Measure the broker without its idle trim (collections and malloc_trim once idle), for comparison." };
        var soak = new Command("broker-soak", "Embedded broker memory: RSS idle, per cycle of N links connecting and leaving (clients in a child process), and after they left.")
        {
            soakLinks,
            soakCycles,
            noTrim,
        };
        soak.SetAction(async (result, cancel) =>
        {
            int l = result.GetValue(soakLinks);
            int c = result.GetValue(soakCycles);
            if (l is < 1 or > 10_000 || c is < 1 or > 100 || !OperatingSystem.IsLinux())
            {
                await Console.Error.WriteLineAsync("error: --links 1..10000, --cycles 1..100 (Linux only: RSS from /proc)").ConfigureAwait(false);
                return 2;
            }

            return await BrokerSoakBench.RunAsync(l, c, !result.GetValue(noTrim), Console.Out, cancel).ConfigureAwait(false);
        });
        return new Command("bench", "Benchmarks of the simulated device.") { provisioning, mdns, mdnsBrowse, mqtt, fleet, soak, FleetScale() };
    }

    private static Command FleetScale()
    {
        var devices = new Option<int>("--devices") { Description = "Devices in all (1..1000000), split evenly across the processes.", DefaultValueFactory = _ => 100_000 };
        var processes = new Option<int>("--processes") { Description = "`fleet --slice K` processes (1..64).", DefaultValueFactory = _ => 10 };
        var brokers = new Option<int?>("--brokers") { Description = "mosquitto processes, fleet process K uses broker K mod this (default: the fewest that hold the devices within the descriptor limit)." };
        var startRate = new Option<int>("--start-rate") { Description = "Devices started per second in each process (0: all at once).", DefaultValueFactory = _ => 1000 };
        var telemetry = new Option<int>("--telemetry-s") { Description = "Telemetry period per device in seconds (0: none).", DefaultValueFactory = _ => 60 };
        var hold = new Option<int>("--hold-s") { Description = "Seconds to keep all devices connected before stopping.", DefaultValueFactory = _ => 30 };
        var timeout = new Option<int>("--connect-timeout-s") { Description = "How long to wait for every device to connect (10..3600).", DefaultValueFactory = _ => 600 };
        var keep = new Option<bool>("--keep-fd-limit") { Description = "Do not raise the descriptor limit (shows the limit the run meets without it)." };
        var command = new Command("fleet-scale", "Many fleet devices on this machine across several `fleet --slice K` processes against mosquitto the bench starts (a listener per process, descriptor limit raised as root, more brokers where it cannot be): time to all connected, per-process RSS, broker RSS and CPU, what limited it.")
        {
            devices, processes, brokers, startRate, telemetry, hold, timeout, keep,
        };
        command.SetAction(async (result, cancel) =>
        {
            int p = result.GetValue(processes);
            var options = new FleetScaleOptions(result.GetValue(devices), p, result.GetValue(brokers), result.GetValue(startRate),
                result.GetValue(telemetry), result.GetValue(hold), result.GetValue(timeout), result.GetValue(keep));
            if (options.Problem() is { } problem)
            {
                await Console.Error.WriteLineAsync("error: " + problem).ConfigureAwait(false);
                return 2;
            }

            if (!OperatingSystem.IsLinux())
            {
                await Console.Error.WriteLineAsync("error: bench fleet-scale runs Debian's mosquitto and reads /proc; it needs Linux").ConfigureAwait(false);
                return 2;
            }

            // Ctrl+C and SIGTERM become a cancellation (the process is not killed), so the fleet processes and
            // mosquitto are stopped before the bench exits.
            using var stop = new StopSignal(cancel);
            return await FleetScaleBench.RunAsync(options, Console.Out, stop.Token).ConfigureAwait(false);
        });
        return command;
    }
}
