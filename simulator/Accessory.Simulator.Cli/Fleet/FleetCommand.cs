using System.CommandLine;
using System.Globalization;
using Accessory.Simulator.Fleet;
using Accessory.Simulator.Mqtt;
using CoreLogLevel = Accessory.Core.Ports.LogLevel;

namespace Accessory.Simulator.Cli.Fleet;

/// <summary>`accessory-sim fleet`: many accessories in one process, each with the core's device logic and its own MQTT link.</summary>
internal static class FleetCommand
{
    public const int MaxDurationSeconds = 7 * 24 * 3600;

    public static Command Create()
    {
        var count = new Option<int?>("--count") { Description = $"Devices to run (1..{FleetSpec.MaxDevices}); with --file it must match the file's total." };
        var broker = new Option<string?>("--broker") { Description = "'embedded' (one in-process broker on loopback for the whole fleet), mqtt://host:port or mqtts://host:port; overrides the file's." };
        var brokerCa = new Option<FileInfo?>("--broker-ca") { Description = "PEM CA certificate to trust for an mqtts:// broker; overrides the file's broker_ca." };
        var brokerCert = new Option<FileInfo?>("--broker-cert") { Description = "PEM client certificate for mqtts:// (with --broker-key), the same for every device." };
        var brokerKey = new Option<FileInfo?>("--broker-key") { Description = "PEM private key of the client certificate." };
        var duration = new Option<int?>("--duration") { Description = $"Seconds to run, then stop and print the summary (1..{MaxDurationSeconds}); default: until Ctrl+C." };
        var file = new Option<FileInfo?>("--file") { Description = "Fleet file (YAML): groups with count, model, firmware, telemetry, faults; see docs/fleet.md." };
        var firstIndex = new Option<int?>("--first-index") { Description = "Index of the first device (its id is 02F1 + the index in hex); default 0." };
        var slice = new Option<int?>("--slice") { Description = "Take slice K of the id space: the first index is K x count (a Kubernetes Indexed Job passes its completion index)." };
        var startRate = new Option<int?>("--start-rate") { Description = "Devices started per second (0: all at once); default 2000, or the file's start_rate." };
        var logLevel = new Option<CoreLogLevel>("--log-level")
        {
            Description = "Device log lines written to stderr from this level (Warning by default; at most 20 lines/s, the rest counted).",
            DefaultValueFactory = _ => CoreLogLevel.Warning,
        };
        var controlPort = new Option<int?>("--control-port") { Description = "Serve GET /fleet (JSON: every device) and / (a page) on 127.0.0.1:PORT (0 picks a free port)." };
        var mdnsInterface = new Option<string?>("--mdns-interface")
        {
            Description = $"Advertise every device over mDNS/DNS-SD (own _accessory._tcp instance and host name each, one shared responder) on this interface, except groups with mdns: false; overrides the file's mdns (at most {FleetMdns.MaxDevices} advertised devices).",
        };
        var command = new Command("fleet", "Run many simulated accessories in one process against one MQTT broker; Ctrl+C stops them (their Last Will reports them offline).")
        {
            count, broker, brokerCa, brokerCert, brokerKey, duration, file, firstIndex, slice, startRate, logLevel, controlPort, mdnsInterface,
        };
        command.SetAction(async (result, cancel) =>
        {
            FleetSpec spec;
            BrokerUri uri;
            int first;
            Accessory.Simulator.Mdns.SharedAdvertiserOptions? mdns;
            MqttTlsFiles? tls;
            try
            {
                spec = BuildSpec(result.GetValue(file), result.GetValue(count), result.GetValue(startRate));
                try
                {
                    uri = BrokerUri.Parse(result.GetValue(broker) ?? spec.Broker ?? "embedded");
                }
                catch (BrokerUriException e)
                {
                    throw new ArgumentException((result.GetValue(broker) is null ? "the fleet file's broker: " : "--broker: ") + e.Message, e);
                }

                first = FirstIndex(result.GetValue(firstIndex), result.GetValue(slice), spec.TotalDevices);
                int? seconds = result.GetValue(duration);
                if (seconds is < 1 or > MaxDurationSeconds)
                {
                    throw new ArgumentException($"--duration must be 1..{MaxDurationSeconds} seconds, not {seconds}");
                }

                if (result.GetValue(controlPort) is < 0 or > 65535)
                {
                    throw new ArgumentException("--control-port must be 0..65535");
                }

                tls = FleetBrokerTls.Resolve(
                    uri,
                    result.GetValue(brokerCa)?.FullName ?? spec.BrokerCa,
                    result.GetValue(brokerCa) is null && spec.BrokerCa is not null ? "the fleet file's broker_ca" : "--broker-ca",
                    result.GetValue(brokerCert)?.FullName,
                    result.GetValue(brokerKey)?.FullName);

                spec = seconds is int s ? WithDuration(spec, TimeSpan.FromSeconds(s)) : spec;
                mdns = FleetMdnsOption.Resolve(result.GetValue(mdnsInterface), spec);
            }
            catch (Exception e) when (e is ArgumentException or FleetFileException or BrokerUriException)
            {
                await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
                return 2;
            }

            using var stop = new StopSignal(cancel);
            return await FleetSession.RunAsync(spec, uri, first, result.GetValue(logLevel), result.GetValue(controlPort), Console.Out, stop.Token, mdns, tls).ConfigureAwait(false);
        });
        return command;
    }

    private static FleetSpec BuildSpec(FileInfo? file, int? count, int? startRate)
    {
        FleetSpec spec;
        if (file is null)
        {
            if (count is null)
            {
                throw new ArgumentException("give --count N (and optionally --file FLEET.yaml); e.g. accessory-sim fleet --count 200 --broker mqtt://127.0.0.1:1883");
            }

            CheckCount(count.Value, "--count");
            spec = FleetSpec.Default(count.Value);
        }
        else
        {
            if (!file.Exists)
            {
                throw new ArgumentException($"--file: {file.FullName} does not exist");
            }

            spec = FleetFileLoader.Load(file.FullName);
            if (count is int n && n != spec.TotalDevices)
            {
                throw new ArgumentException($"--count {n} does not match the {spec.TotalDevices} devices of {file.Name}; drop --count or change the groups' counts");
            }
        }

        if (startRate is int rate)
        {
            if (rate is < 0 or > 1_000_000)
            {
                throw new ArgumentException("--start-rate must be 0..1000000 devices per second");
            }

            spec = new FleetSpec { Name = spec.Name, Broker = spec.Broker, BrokerCa = spec.BrokerCa, Duration = spec.Duration, StartRate = rate, Groups = spec.Groups, Mdns = spec.Mdns };
        }

        return spec;
    }

    private static void CheckCount(int n, string what)
    {
        if (n < 1 || n > FleetSpec.MaxDevices)
        {
            throw new ArgumentException($"{what} must be 1..{FleetSpec.MaxDevices} devices per process, not {n.ToString(CultureInfo.InvariantCulture)}; run more processes (pods) for more");
        }
    }

    private static int FirstIndex(int? firstIndex, int? slice, int total)
    {
        if (firstIndex is not null && slice is not null)
        {
            throw new ArgumentException("give --first-index or --slice, not both");
        }

        long first = firstIndex ?? (long)(slice ?? 0) * total;
        if (firstIndex is < 0 || slice is < 0 || first + total > int.MaxValue)
        {
            throw new ArgumentException("--first-index/--slice must be 0 or more and leave room for the fleet's ids below 2^31");
        }

        return (int)first;
    }

    private static FleetSpec WithDuration(FleetSpec spec, TimeSpan duration) =>
        new() { Name = spec.Name, Broker = spec.Broker, BrokerCa = spec.BrokerCa, Duration = duration, StartRate = spec.StartRate, Groups = spec.Groups, Mdns = spec.Mdns };
}
