using System.Diagnostics;
using System.Globalization;
using Accessory.Simulator.Fleet;
using Accessory.Simulator.Mqtt;
using CoreLogLevel = Accessory.Core.Ports.LogLevel;

namespace Accessory.Simulator.Cli.Fleet;

/// <summary>One `fleet` run: start with live progress, run for the duration (or until Ctrl+C), power off, summarise.</summary>
internal static class FleetSession
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StatusEvery = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(FleetSpec spec, BrokerUri broker, int firstIndex, CoreLogLevel logLevel, int? controlPort, TextWriter output, CancellationToken stop, Accessory.Simulator.Mdns.SharedAdvertiserOptions? mdns = null, MqttTlsFiles? tls = null)
    {
        var log = new FleetLog(logLevel, line => Console.Error.WriteLine(line));

        // Counted before the devices are built, one more descriptor each: an unprovisioned device its provisioning port,
        // a local API device its listening socket (and one per connected client), a BLE device its Unix socket; and
        // the embedded broker's own per client when it runs in this process.
        string limits = FleetLimits.Describe(spec.TotalDevices, spec.TotalDevices + spec.Groups.Where(g => g.Provisioning is not null).Sum(g => g.Count) + spec.Groups.Where(g => g.LocalApi is not null).Sum(g => g.Count)
            + spec.Groups.Where(g => g.Provisioning?.BleSocketDirectory is not null).Sum(g => g.Count)
            + (broker.Kind == BrokerUriKind.Embedded ? FleetLimits.EmbeddedBrokerDescriptorsPerClient * spec.TotalDevices : 0));
        FleetRun run;
        try
        {
            run = await FleetRun.CreateAsync(spec, broker, log, firstIndex, tls, mdns).ConfigureAwait(false);
        }
        catch (FleetMdnsException e)
        {
            await Console.Error.WriteLineAsync("error: mdns: " + e.Message).ConfigureAwait(false);
            return 2;
        }
        catch (FleetPortException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return 2;
        }
        catch (System.Net.Sockets.SocketException e)
        {
            await Console.Error.WriteLineAsync($"error: cannot start the embedded broker on port {broker.Port}: {e.Message} (another program holds it; use --broker mqtt://host:port or free the port)").ConfigureAwait(false);
            return 2;
        }

        await using var running = run.ConfigureAwait(false);
        FleetControlServer? control = null;
        if (controlPort is int port)
        {
            try
            {
                control = FleetControlServer.Start(run, port);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                await Console.Error.WriteLineAsync($"error: --control-port {port}: {e.Message}").ConfigureAwait(false);
                return 2;
            }
        }

        using var controlScope = control;
        string groups = string.Join(", ", spec.Groups.Select(g => $"{g.Name} {g.Count} x {g.Model} {g.FirmwareVersion}"));
        output.WriteLine($"fleet {spec.Name}: {spec.TotalDevices} devices ({groups}), ids {FleetDevice.DeviceIdOf(firstIndex)}..{FleetDevice.DeviceIdOf(firstIndex + spec.TotalDevices - 1)}, broker {run.Broker}, start rate {(spec.StartRate == 0 ? "unlimited" : spec.StartRate.ToString(CultureInfo.InvariantCulture) + "/s")}");
        output.WriteLine($"limits: {limits}");
        foreach (var line in FleetProvisioningReport.Describe(run).Concat(FleetLocalApiReport.Describe(run)))
        {
            output.WriteLine(line);
        }

        if (control is not null)
        {
            output.WriteLine($"control: http://{control.EndPoint}/fleet (JSON), http://{control.EndPoint}/ (page)");
        }

        FleetMdnsReport.Describe(run, output);
        output.Flush();
        var clock = Stopwatch.StartNew();
        var deadline = spec.Duration is TimeSpan d ? clock.Elapsed + d : TimeSpan.MaxValue;
        var starting = run.StartAsync(stop);
        using var mdnsWatch = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var mdnsReport = FleetMdnsReport.WatchAsync(run, clock, output, mdnsWatch.Token);
        int exit = 0;
        try
        {
            await ReportStartAsync(run, starting, clock, deadline, output, stop).ConfigureAwait(false);
            await RunUntilDoneAsync(run, clock, deadline, output, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            output.WriteLine("stopping (Ctrl+C)...");
        }

        try
        {
            await starting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C during the start: the devices not started yet never will be.
        }

        var last = run.Snapshot();
        output.WriteLine(Summary(last, clock.Elapsed, log));
        // A device still waiting for a phone is not expected to connect; every other one is.
        if (last.EverConnected < last.Devices - last.Unprovisioned)
        {
            exit = 1;
        }

        await mdnsWatch.CancelAsync().ConfigureAwait(false);
        await mdnsReport.ConfigureAwait(false);
        FleetMdnsReport.Stopping(run, output);
        output.WriteLine($"powering off {run.Devices.Count} devices (the broker publishes each one's Last Will \"offline\")");
        log.PoweringOff();
        output.Flush();
        return exit;
    }

    private static async Task ReportStartAsync(FleetRun run, Task starting, Stopwatch clock, TimeSpan deadline, TextWriter output, CancellationToken stop)
    {
        int lastEver = 0;
        var lastAt = clock.Elapsed;
        while (true)
        {
            var wait = Task.Delay(ProgressEvery, stop);
            await wait.ConfigureAwait(false);
            var s = run.Snapshot();
            var now = clock.Elapsed;
            double rate = (s.EverConnected - lastEver) / Math.Max(0.001, (now - lastAt).TotalSeconds);
            lastEver = s.EverConnected;
            lastAt = now;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"starting {now.TotalSeconds,6:F1} s: started {s.Started}/{s.Devices}, connected {s.Connected}, failing {s.Failing}, {rate:F0} connects/s{(s.Unprovisioned > 0 ? $", unprovisioned {s.Unprovisioned}" : string.Empty)}"));
            output.Flush();
            if (s.Unprovisioned > 0 && s.Started == s.Devices && s.EverConnected == s.Devices - s.Unprovisioned)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"all {s.Devices - s.Unprovisioned} provisioned devices connected in {now.TotalSeconds:F1} s; {s.Unprovisioned} wait for provisioning"));
                return;
            }

            if (s.EverConnected == s.Devices)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"all {s.Devices} connected in {now.TotalSeconds:F1} s (first connect per device: p50 {s.FirstConnectP50} ms, p99 {s.FirstConnectP99} ms, max {s.FirstConnectMax} ms)"));
                return;
            }

            if (starting.IsCompleted && now > deadline)
            {
                return;
            }

            // Devices that cannot connect keep retrying (the core's policy); the per-second lines stop after a minute.
            if (starting.IsCompleted && now > TimeSpan.FromSeconds(60))
            {
                output.WriteLine($"after 60 s, {s.EverConnected}/{s.Devices} have connected to {run.Broker}; the rest keep retrying (warnings on stderr)");
                return;
            }
        }
    }

    private static async Task RunUntilDoneAsync(FleetRun run, Stopwatch clock, TimeSpan deadline, TextWriter output, CancellationToken stop)
    {
        var nextStatus = clock.Elapsed + StatusEvery;
        while (clock.Elapsed < deadline)
        {
            var left = deadline - clock.Elapsed;
            var step = left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1);
            await Task.Delay(step, stop).ConfigureAwait(false);
            if (clock.Elapsed >= nextStatus)
            {
                nextStatus += StatusEvery;
                output.WriteLine(Status(run.Snapshot(), clock.Elapsed));
                output.Flush();
            }
        }
    }

    private static string Status(FleetSnapshot s, TimeSpan at) => string.Create(CultureInfo.InvariantCulture,
        $"running {at.TotalSeconds,6:F0} s: connected {s.Connected}/{s.Devices}, {(s.Unprovisioned > 0 ? $"unprovisioned {s.Unprovisioned}, " : string.Empty)}reconnects {s.Reconnects}, telemetry {s.TelemetrySent} sent {s.Acknowledged} acked {s.Dropped} dropped {s.Queued} queued, commands {s.Commands}, wifi losses {s.WifiLosses}, broker cuts {s.BrokerCuts}");

    private static string Summary(FleetSnapshot s, TimeSpan ran, FleetLog log)
    {
        var warnings = log.WarningsByComponent;
        string warned = warnings.Count == 0 ? "none" : string.Join(", ", warnings.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Key} {w.Value}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"connected {s.Connected}/{s.Devices} (ever connected {s.EverConnected}/{s.Devices}, never {s.Devices - s.EverConnected}{(s.Unprovisioned > 0 ? $", of which {s.Unprovisioned} never provisioned" : string.Empty)}) after {ran.TotalSeconds:F1} s; first connect p50 {s.FirstConnectP50} ms p99 {s.FirstConnectP99} ms max {s.FirstConnectMax} ms; " +
            $"connect failures {s.ConnectFailures}, reconnects {s.Reconnects}; telemetry {s.TelemetrySent} sent, {s.Acknowledged} acked, {s.Dropped} dropped, {s.Queued} queued; commands {s.Commands}; " +
            $"wifi losses {s.WifiLosses}, broker cuts {s.BrokerCuts}; warnings: {warned}; peak RSS {FleetLimits.PeakRssMegabytes():F0} MB");
    }
}
