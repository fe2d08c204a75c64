using System.CommandLine;
using Accessory.Core.Device;
using Accessory.Core.Text;
using Accessory.Simulator;
using Accessory.Simulator.Platform;
using Accessory.Simulator.Provisioning;
using Accessory.Simulator.Radio;
using Microsoft.Extensions.Logging;

namespace Accessory.Simulator.Cli;

/// <summary>`accessory-sim run`: starts one simulated device and keeps it up until Ctrl+C.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var name = new Option<string?>("--name") { Description = "Advertised device name (default: PROV_ + last 3 MAC bytes)." };
        var logLevel = new Option<LogLevel>("--log-level")
        {
            Description = "Minimum log level: Trace, Debug, Information, Warning, Error.",
            DefaultValueFactory = _ => LogLevel.Information,
        };
        var logFormat = new Option<LogFormat>("--log-format")
        {
            Description = "Log line format on stderr: text (for people) or json (one object per line: time, level, category, component, message).",
            DefaultValueFactory = _ => LogFormat.Text,
        };
        var provisioning = new ProvisioningCliOptions();
        var cloudOptions = new CloudCliOptions();
        var apiOptions = new LocalApiCliOptions();
        var faultOptions = new FaultCliOptions();
        var bleOptions = new BleRunCliOptions();
        var nanOptions = new NanRunCliOptions();
        var body = new Option<string>("--body")
        {
            Description = "Which body runs the accessory: simulator (the desktop simulator, default) or firmware (the firmware's own code on the emulated nanoFramework board, see docs/fidelity.md).",
            DefaultValueFactory = _ => "simulator",
        };
        body.AcceptOnlyFromAmong("simulator", "firmware");
        var command = new Command("run", "Start one simulated accessory with sensible defaults; stop it with Ctrl+C.")
        {
            CommonOptions.Device,
            CommonOptions.DataDir,
            name,
            logLevel,
            BoardCliOption.Board,
            logFormat,
            body,
        };
        foreach (var option in provisioning.All.Concat(cloudOptions.All).Concat(apiOptions.All).Concat(faultOptions.All).Concat(bleOptions.All).Concat(nanOptions.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancel) =>
        {
            if (result.GetValue(body) == "firmware")
            {
                return await RunFirmwareAsync(result, provisioning, cloudOptions, apiOptions, faultOptions, bleOptions, nanOptions, cancel).ConfigureAwait(false);
            }

            using var stop = new StopSignal(cancel);
            // The dashboard's event stream exists before the loggers, so it sees the device's first log lines.
            var events = new Accessory.Simulator.Events.DeviceEventHub();
            using var loggers = Logging.Create(result.GetValue(logLevel), result.GetValue(logFormat), events);
            string dataDirectory = CommonOptions.ResolveDataDirectory(result);
            RadioEnvironment environment;
            try
            {
                environment = BoardCliOption.Apply(result, provisioning.LoadEnvironment(result));
            }
            catch (Exception e) when (e is RadioEnvironmentException or Accessory.Simulator.Boards.BoardFileException or ArgumentException or IOException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return 2;
            }

            // The settings decide the generated PoP/password, so peek at them before the device starts.
            SoftApOptions? softAp;
            Accessory.Simulator.Mdns.AdvertiserOptions? mdns;
            Accessory.Simulator.Nan.NanOptions? nan;
            Accessory.Simulator.Mqtt.CloudOptions? cloud;
            Accessory.Simulator.LocalApi.LocalApiOptions? localApi;
            Accessory.Simulator.Faults.ActiveFaults faults;
            Accessory.Simulator.Ble.BleOptions? ble;
            string? settingsProblem;
            using (var peek = new SimulatedDevice(new DeviceOptions { DataDirectory = dataDirectory, RadioEnvironment = environment }, loggers, new CryptoRandom()))
            {
                settingsProblem = peek.SettingsProblem;
                try
                {
                    softAp = provisioning.Build(result, peek.Settings, peek.SaveSettings);
                    mdns = provisioning.BuildMdns(result);
                    nan = nanOptions.BuildNan(result);
                    cloud = cloudOptions.Build(result);
                    localApi = apiOptions.Build(result, result.GetValue(provisioning.ApiPort));
                    faults = faultOptions.Build(result);
                    ble = bleOptions.Build(result);
                }
                catch (ArgumentException e)
                {
                    await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                    return 2;
                }
            }

            var options = new DeviceOptions
            {
                DataDirectory = dataDirectory,
                Name = result.GetValue(name),
                RadioEnvironment = environment,
                SoftAp = softAp,
                Mdns = mdns,
                Nan = nan,
                Cloud = cloud,
                LocalApi = localApi,
                Faults = faults,
                Ble = ble,
            };
            await using var device = new SimulatedDevice(options, loggers, new CryptoRandom());
            using var dashboard = Accessory.Simulator.Dashboard.DeviceDashboard.Follow(device, events);
            try
            {
                await device.StartAsync(stop.Token).ConfigureAwait(false);
            }
            catch (Accessory.Simulator.Nan.Wpa.WpaNanException e)
            {
                await Console.Error.WriteLineAsync($"error: --nan wpa-supplicant: {e.Message} (use --nan simulated inside a network namespace where there is no NAN-capable radio)").ConfigureAwait(false);
                return 2;
            }
            catch (Accessory.Simulator.Ble.BlueZ.BluezException e)
            {
                await Console.Error.WriteLineAsync($"error: --ble bluez: {e.Message} (use --ble virtual where there is no usable adapter)").ConfigureAwait(false);
                return 2;
            }
            catch (System.Net.Sockets.SocketException e)
            {
                string plainApi = localApi?.HttpPort is int plainPort ? $", plain HTTP {plainPort} (--api-http-port)" : string.Empty;
                await Console.Error.WriteLineAsync($"error: cannot listen: {e.Message} (provisioning on {softAp?.BindAddress}:{softAp?.HttpPort} (--http-port); embedded MQTT broker on port {cloud?.Broker.Port} (--embedded-broker-port); local API on {localApi?.BindAddress}:{localApi?.HttpsPort} (--api-port){plainApi}: another accessory or program holds one of these ports; choose another)").ConfigureAwait(false);
                return 2;
            }

            Accessory.Simulator.Faults.FaultControlServer control;
            try
            {
                control = faultOptions.StartControlServer(result, faults, loggers.CreateLogger("Accessory.faults"));
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return 2;
            }

            await using var controlScope = control.ConfigureAwait(false);
            dashboard.Serve(control);
            // The BOOT button and status LED on the emulated board's GPIO socket, so `accessory-sim board` drives
            // this body as it drives the firmware body.
            using var pins = SimulatorBoardPins.Serve(dataDirectory, BoardCliOption.Name(result), device);
            PrintExposure(device, options, settingsProblem, control.Port);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await Console.Out.WriteLineAsync("stopping...").ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static async Task<int> RunFirmwareAsync(
        ParseResult result,
        ProvisioningCliOptions provisioning,
        CloudCliOptions cloudOptions,
        LocalApiCliOptions apiOptions,
        FaultCliOptions faultOptions,
        BleRunCliOptions bleOptions,
        NanRunCliOptions nanOptions,
        CancellationToken cancel)
    {
        var simulatorOnly = new List<(Option, string)>
        {
            (provisioning.Username, "the firmware offers sec1 only on a board without the native modexp"),
            (provisioning.Password, "the firmware offers sec1 only on a board without the native modexp"),
            (provisioning.Sec2Patch, "the firmware offers sec1 only on a board without the native modexp"),
            (provisioning.Bind, "the board's servers listen on every address of the board"),
            (provisioning.KeepProvisioning, "the firmware stops provisioning once online"),
            (provisioning.AutoStop, "the firmware has no auto-stop setting"),
            (provisioning.NoProvisioning, "the firmware provisions whenever it has no network"),
            (apiOptions.HttpPort, "the firmware serves the local API over TLS only"),
            (apiOptions.Bind, "the board's servers listen on every address of the board"),
            (apiOptions.Cert, "the firmware's certificate is the one in its flash (written before the first boot)"),
            (apiOptions.Key, "the firmware's certificate is the one in its flash (written before the first boot)"),
            (apiOptions.NoApi, "the firmware serves the local API whenever its flash holds a certificate"),
            (cloudOptions.Ca, "the emulated board's MQTT runs without TLS"),
            (cloudOptions.Cert, "the emulated board's MQTT runs without TLS"),
            (cloudOptions.Key, "the emulated board's MQTT runs without TLS"),
            (cloudOptions.QueueSize, "the firmware's queue is the core's default"),
        };
        simulatorOnly.AddRange(faultOptions.All.Select(o => (o, "faults are injected by the simulator's engines, which the firmware does not use")));
        simulatorOnly.AddRange(bleOptions.All.Select(o => (o, "the firmware's BLE is fixed by its build: its own GATT database on the virtual link at <data-dir>/ble.sock, Improv authorized by the BOOT button")));
        simulatorOnly.AddRange(nanOptions.All.Select(o => (o, "no nanoFramework package exposes Wi-Fi Aware")));
        string? refused = FirmwareBody.Refused(result, simulatorOnly);
        int security = result.GetValue(provisioning.Security);
        if (refused == null && result.GetResult(provisioning.Security) is { Implicit: false } && security != 1)
        {
            refused = $"--sec {security} does not apply to --body firmware: the firmware offers sec1 (sec2 needs the native SRP modexp of a custom image; there is no sec0)";
        }

        if (refused != null)
        {
            await Console.Error.WriteLineAsync("error: " + refused).ConfigureAwait(false);
            return 2;
        }

        using var stop = new StopSignal(cancel);
        FirmwareBodyOptions options;
        try
        {
            var environment = provisioning.LoadEnvironment(result);
            string boardName = BoardCliOption.Name(result);
            var cloud = result.GetValue(cloudOptions.NoCloud) ? null : cloudOptions.Build(result);
            if (cloud != null && cloud.Broker.UsesTls)
            {
                throw new ArgumentException("--broker: the emulated board's MQTT runs without TLS; use mqtt:// or the embedded broker");
            }

            string? stationAddress = null;
            var mdns = provisioning.BuildMdns(result);
            if (mdns != null)
            {
                stationAddress = mdns.Addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)?.ToString()
                    ?? throw new ArgumentException("--mdns-interface: the firmware advertises IPv4 only, and that interface has no IPv4 address");
            }

            options = new FirmwareBodyOptions
            {
                DataDirectory = CommonOptions.ResolveDataDirectory(result),
                BoardName = boardName,
                HttpPort = result.GetValue(provisioning.HttpPort) ?? (Environment.IsPrivilegedProcess ? 80 : 8080),
                ApiPort = result.GetValue(provisioning.ApiPort),
                Broker = cloud?.Broker,
                Pop = result.GetValue(provisioning.Pop),
                Environment = environment,
                RadioEnvironmentFile = result.GetValue(provisioning.RadioEnv)?.FullName,
                Timing = result.GetValue(provisioning.Timing),
                StationAddress = stationAddress,
            };
        }
        catch (Exception e) when (e is RadioEnvironmentException or Accessory.Simulator.Boards.BoardFileException or ArgumentException or IOException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        return await FirmwareBody.RunAsync(options, stop.Token).ConfigureAwait(false);
    }

    private static void PrintExposure(SimulatedDevice device, DeviceOptions options, string? settingsProblem, int controlPort)
    {
        var o = Console.Out;
        o.WriteLine($"device:   {device.Name} (id {device.Identity.DeviceId})");
        o.WriteLine($"state:    {DeviceLifecycle.StateName(device.Lifecycle.State)}");
        o.WriteLine($"data:     {options.DataDirectory}");
        if (settingsProblem != null)
        {
            o.WriteLine($"warning:  stored settings were unreadable and were moved aside ({settingsProblem})");
        }

        o.WriteLine($"radio:    {device.Environment.AccessPoints.Count} virtual networks, timing {device.Environment.Timing.Name}");
        foreach (var ap in device.Environment.AccessPoints)
        {
            string ssid = Utf8.IsValid(ap.Ssid) ? $"\"{Utf8.Decode(ap.Ssid)}\"" : $"0x{Hex.Encode(ap.Ssid)}";
            o.WriteLine($"          {ssid,-36} {ap.Band,-6} ch {ap.Channel,-3} {ap.Auth}{(ap.Hidden ? " hidden" : string.Empty)}");
        }

        var provisioning = device.Provisioning;
        if (provisioning != null)
        {
            var endPoint = provisioning.EndPoint;
            o.WriteLine($"provisioning: http://{endPoint} (POST /proto-ver, /prov-session, /prov-scan, /prov-config, /prov-ctrl, /custom-data), security {provisioning.Options.Security}");
            var qr = provisioning.Qr(device.Name);
            string json = qr.ToJson();
            o.WriteLine($"qr payload: {json}");
            o.WriteLine(TerminalQrRenderer.Render(QrModules.Encode(json)));
            o.WriteLine($"credentials: {NewcomerHints.Credentials(provisioning.Options)}");
            o.WriteLine($"next step (from the repository root): {NewcomerHints.ProvisionCommand(provisioning.Options, endPoint, device.Environment)}");
        }

        if (device.Cloud != null)
        {
            o.WriteLine($"cloud:    MQTT {device.Cloud.Broker} (connects once online), topics accessory/{device.Identity.DeviceId}/#");
        }

        if (device.LocalApi != null)
        {
            var api = device.LocalApi;
            o.WriteLine($"local api: https://{api.HttpsEndPoint}/api/v1/info{(api.HttpEndPoint is null ? string.Empty : $" and http://{api.HttpEndPoint}")} (served while online), trust {api.ClientCaFile}");
        }

        if (device.Ble != null)
        {
            o.WriteLine($"ble:      {device.Name} on {device.Ble.Description} (try: accessory-sim ble gatt --socket {device.Ble.SocketPath})");
            if (provisioning != null)
            {
                o.WriteLine($"qr payload (ble): {provisioning.Qr(device.Name).WithTransport(ProvisioningQr.BleTransport).ToJson()}");
            }
        }

        var active = device.Faults.Snapshot();
        o.WriteLine($"faults:   control API http://127.0.0.1:{controlPort}/faults; active: {(active.Count == 0 ? "none" : string.Join(", ", active))}");
        o.WriteLine($"dashboard: http://127.0.0.1:{controlPort}/ (status /status, events /events, metrics /metrics)");
        if (device.Advertiser != null)
        {
            o.WriteLine($"mdns:     {device.Advertiser.InstanceName}._accessory._tcp.local. on {device.Advertiser.HostName}");
        }

        o.WriteLine("ready; press Ctrl+C to stop");
        o.Flush();
    }
}
