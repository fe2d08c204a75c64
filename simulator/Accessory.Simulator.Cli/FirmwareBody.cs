extern alias board;
extern alias firmwarebody;
using System.CommandLine;
using System.Net;
using System.Text.RegularExpressions;
using Accessory.Core.Settings;
using Accessory.Simulator;
using Accessory.Simulator.Mqtt;
using Accessory.Simulator.Provisioning;
using Accessory.Simulator.Settings;

namespace Accessory.Simulator.Cli;

/// <summary>
/// `accessory-sim run --body firmware`: the firmware's own code (firmware/Accessory.Firmware) on the emulated board
/// (simulator/Accessory.Board), as a child process of this one. This process is the board's surroundings: it writes
/// what a factory would into the flash before the first boot (device certificate, proof of possession), hosts the
/// embedded broker, restarts the board when it reboots (exit code 3), prints what the simulator body prints, and
/// passes the board's log (its serial console) through to stderr.
/// </summary>
internal static partial class FirmwareBody
{
    /// <summary>The hidden command the child runs: `accessory-sim __board-process ARGS` boots the emulated board.</summary>
    public const string ChildCommand = "__board-process";

    /// <summary>The board's exit code when its supervisor disappeared (not a reboot: 3, not a clean stop: 0).</summary>
    private const int SupervisorGoneExitCode = 4;

    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(5);

    public static Command CreateChildCommand()
    {
        var rest = new Argument<string[]>("board-args") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command(ChildCommand, "Internal: boots the firmware on the emulated board (used by run --body firmware).") { Hidden = true };
        command.Arguments.Add(rest);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(result =>
        {
            EndWithSupervisor();
            return firmwarebody::Accessory.Firmware.Desktop.DesktopBoardHost.Main(result.GetValue(rest) ?? Array.Empty<string>());
        });
        return command;
    }

    /// <summary>
    /// The board process ends when its supervisor does, however the supervisor ends (a kill, a crash): it watches the
    /// stdin pipe the supervisor holds open, and end of file means the supervisor is gone. Without it a killed
    /// `run --body firmware` left a board behind holding its ports and namespace.
    /// </summary>
    private static void EndWithSupervisor()
    {
        var watcher = new Thread(() =>
        {
            using var input = Console.OpenStandardInput();
            var buffer = new byte[64];
            while (input.Read(buffer, 0, buffer.Length) > 0)
            {
                // The supervisor never writes; anything read is ignored.
            }

            Console.Error.WriteLine("board: the supervisor is gone, powering off");
            Environment.Exit(SupervisorGoneExitCode);
        })
        {
            IsBackground = true,
            Name = "supervisor watch",
        };
        watcher.Start();
    }

    /// <summary>The options that shape only the simulator body, with why the firmware body cannot take them.</summary>
    public static string? Refused(ParseResult result, IEnumerable<(Option Option, string Why)> simulatorOnly)
    {
        foreach (var (option, why) in simulatorOnly)
        {
            if (result.GetResult(option) is { Implicit: false })
            {
                return $"{option.Name} does not apply to --body firmware: {why}";
            }
        }

        return null;
    }

    public static async Task<int> RunAsync(FirmwareBodyOptions options, CancellationToken stop)
    {
        Directory.CreateDirectory(options.DataDirectory);
        string flash = Path.Combine(options.DataDirectory, "flash");
        var factory = FactoryProvision(flash, options.Pop);
        string caFile = Path.Combine(options.DataDirectory, "board", "device-cert.pem");
        Directory.CreateDirectory(Path.GetDirectoryName(caFile)!);
        await File.WriteAllTextAsync(caFile, factory.CertificatePem, stop).ConfigureAwait(false);

        EmbeddedBroker? broker = null;
        try
        {
            string? brokerArgument = null;
            if (options.Broker != null)
            {
                if (options.Broker.Kind == BrokerUriKind.Embedded)
                {
                    // The firmware logs in without credentials (M2MqttLink has none), so this broker asks for none.
                    broker = new EmbeddedBroker(options.Broker.Port, IPAddress.Loopback);
                    try
                    {
                        await broker.StartAsync().ConfigureAwait(false);
                    }
                    catch (System.Net.Sockets.SocketException e)
                    {
                        await Console.Error.WriteLineAsync($"error: cannot listen: {e.Message} (embedded MQTT broker on port {options.Broker.Port} (--embedded-broker-port): another accessory or program holds it; choose another)").ConfigureAwait(false);
                        return 2;
                    }
                    brokerArgument = "127.0.0.1:" + broker.Port;
                }
                else
                {
                    brokerArgument = options.Broker.Host + ":" + options.Broker.Port;
                }
            }

            var args = new List<string>
            {
                "--data-dir", options.DataDirectory,
                "--board", options.BoardName,
                "--http-port", options.HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--api-port", options.ApiPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            if (brokerArgument != null)
            {
                args.AddRange(new[] { "--broker", brokerArgument });
            }

            if (options.RadioEnvironmentFile != null)
            {
                args.AddRange(new[] { "--radio-env", options.RadioEnvironmentFile });
            }

            if (options.Timing != null)
            {
                args.AddRange(new[] { "--timing", options.Timing });
            }

            if (options.StationAddress != null)
            {
                args.AddRange(new[] { "--station-address", options.StationAddress });
            }

            return await SuperviseAsync(args, options, factory.Pop, caFile, brokerArgument, stop).ConfigureAwait(false);
        }
        finally
        {
            if (broker != null)
            {
                await broker.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>What a factory writes into a board's settings before it ships: the TLS identity and the label's PoP.</summary>
    private static (string CertificatePem, string? Pop) FactoryProvision(string flash, string? popOption)
    {
        var log = new Accessory.Simulator.Platform.LoggerLog(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        var repository = new SettingsRepository(new FileSettingsStore(flash), log);
        var settings = repository.Load();
        bool changed = false;
        using var certificate = Accessory.Simulator.Tls.DeviceCertificate.LoadOrCreate(settings, "accessory", out bool created);
        changed |= created;
        string? pop = settings.GetString(SettingKeys.ProvisioningPop);
        if (popOption != null && popOption != (pop ?? string.Empty))
        {
            settings.Remove(SettingKeys.ProvisioningPop);
            if (popOption.Length > 0)
            {
                settings.SetString(SettingKeys.ProvisioningPop, popOption);
            }

            pop = popOption.Length > 0 ? popOption : null;
            changed = true;
        }
        else if (popOption == null && pop == null)
        {
            pop = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
            settings.SetString(SettingKeys.ProvisioningPop, pop);
            changed = true;
        }

        if (changed)
        {
            repository.Save(settings);
        }

        return (certificate.CertificatePem, pop);
    }

    private static async Task<int> SuperviseAsync(List<string> args, FirmwareBodyOptions options, string? pop, string caFile, string? broker, CancellationToken stop)
    {
        bool printed = false;
        bool provisioning = false;
        string? name = null;
        string? id = null;
        string? state = null;
        while (true)
        {
            // Its stdin is held open and never written: the board powers off when it closes (EndWithSupervisor).
            using var child = SelfProcess.Create([ChildCommand, .. args], holdInput: true);
            var lines = new System.Collections.Concurrent.BlockingCollection<string>();
            child.OutputDataReceived += (_, e) => Forward(lines, e.Data);
            child.ErrorDataReceived += (_, e) => Forward(lines, e.Data);
            var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            child.EnableRaisingEvents = true;
            child.Exited += (_, _) => exited.TrySetResult();
            child.Start();
            child.BeginOutputReadLine();
            child.BeginErrorReadLine();
            var pump = Task.Run(
                () =>
            {
                foreach (var line in lines.GetConsumingEnumerable())
                {
                    // The board's serial console goes where the simulator body's log goes.
                    Console.Error.WriteLine(line);
                    var starting = StartingLine().Match(line);
                    if (starting.Success)
                    {
                        name = starting.Groups["name"].Value;
                        id = starting.Groups["id"].Value;
                        state = starting.Groups["state"].Value;
                    }

                    provisioning |= line.StartsWith("[prov] provisioning started", StringComparison.Ordinal);

                    // StartBle is the last step of FirmwareDevice.Start: everything is listening once it logged.
                    if (!printed && name != null && line.StartsWith("[ble]", StringComparison.Ordinal))
                    {
                        printed = true;
                        PrintExposure(options, name, id!, state!, provisioning, pop, caFile, broker, line.StartsWith("[ble] advertising", StringComparison.Ordinal));
                    }
                }
            },
                CancellationToken.None);

            await Task.WhenAny(exited.Task, Task.Delay(Timeout.Infinite, stop)).ConfigureAwait(false);
            if (stop.IsCancellationRequested)
            {
                await Console.Out.WriteLineAsync("stopping...").ConfigureAwait(false);
                if (!child.HasExited)
                {
                    child.Kill(entireProcessTree: true);
                    await child.WaitForExitAsync(CancellationToken.None).WaitAsync(StopPatience, CancellationToken.None).ConfigureAwait(false);
                }

                lines.CompleteAdding();
                await pump.ConfigureAwait(false);
                return 0;
            }

            await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            lines.CompleteAdding();
            await pump.ConfigureAwait(false);
            if (child.ExitCode != board::Accessory.Board.Emulation.EmulatedBoard.RebootExitCode)
            {
                await Console.Error.WriteLineAsync($"error: the firmware stopped with exit code {child.ExitCode} (its log is above)").ConfigureAwait(false);
                return child.ExitCode == 0 ? 1 : child.ExitCode;
            }

            await Console.Error.WriteLineAsync("board: rebooting").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Hands a line of the board's output to the pump. The process reader can deliver a last line after the pump has
    /// stopped taking them (Ctrl+C, then the kill); adding it then would throw on the reader's thread and abort the
    /// whole process with SIGABRT, so that line is dropped.
    /// </summary>
    private static void Forward(System.Collections.Concurrent.BlockingCollection<string> lines, string? line)
    {
        if (line == null)
        {
            return;
        }

        try
        {
            lines.Add(line);
        }
        catch (InvalidOperationException)
        {
            // Adding was completed: the supervisor is past the child's end.
        }
    }

    private static void PrintExposure(FirmwareBodyOptions options, string name, string id, string state, bool provisioning, string? pop, string caFile, string? broker, bool bleServed)
    {
        var o = Console.Out;
        o.WriteLine($"device:   {name} (id {id}), firmware body on the emulated {options.BoardName}");
        o.WriteLine($"state:    {state}");
        o.WriteLine($"data:     {options.DataDirectory} (flash in flash/, board files in board/)");
        if (provisioning)
        {
            PrintProvisioning(options, name, pop);
        }

        PrintRest(options, name, id, caFile, broker, bleServed);
    }

    private static void PrintProvisioning(FirmwareBodyOptions options, string name, string? pop)
    {
        var o = Console.Out;
        var endPoint = new IPEndPoint(IPAddress.Loopback, options.HttpPort);
        o.WriteLine($"provisioning: http://{endPoint} (POST /proto-ver, /prov-session, /prov-scan, /prov-config, /prov-ctrl, /custom-data), security 1");
        var qr = ProvisioningQr.ForSecurity1(name, pop);
        string json = qr.ToJson();
        o.WriteLine($"qr payload: {json}");
        o.WriteLine(TerminalQrRenderer.Render(QrModules.Encode(json)));
        var softAp = new SoftApOptions { Security = 1, ProofOfPossession = pop, BindAddress = IPAddress.Any, HttpPort = options.HttpPort };
        o.WriteLine($"credentials: {NewcomerHints.Credentials(softAp)}");
        o.WriteLine($"next step (from the repository root): {NewcomerHints.ProvisionCommand(softAp, endPoint, options.Environment)}");
    }

    private static void PrintRest(FirmwareBodyOptions options, string name, string id, string caFile, string? broker, bool bleServed)
    {
        var o = Console.Out;
        if (broker != null)
        {
            o.WriteLine($"cloud:    MQTT mqtt://{broker} (connects once online), topics accessory/{id}/#");
        }

        o.WriteLine($"local api: https://127.0.0.1:{options.ApiPort}/api/v1/info (served while online), trust {caFile}");
        string socket = Path.Combine(options.DataDirectory, "ble.sock");
        o.WriteLine(bleServed
            ? $"ble:      {name} on virtual link {socket} (try: accessory-sim ble gatt --socket {socket})"
            : "ble:      none (the firmware's BLE did not start; its log is above)");
        o.WriteLine($"board:    accessory-sim board button press|hold SECONDS, accessory-sim board led (--data-dir {options.DataDirectory})");
        o.WriteLine("ready; press Ctrl+C to stop");
        o.Flush();
    }

    [GeneratedRegex(@"^\[device\] (?<name>\S+) \(id (?<id>[0-9A-F]+)\) starting, (?<state>\S+)")]
    private static partial Regex StartingLine();
}

/// <summary>How `run --body firmware` wires the emulated board.</summary>
internal sealed class FirmwareBodyOptions
{
    public required string DataDirectory { get; init; }

    public required string BoardName { get; init; }

    public required int HttpPort { get; init; }

    public required int ApiPort { get; init; }

    public BrokerUri? Broker { get; init; }

    public string? Pop { get; init; }

    /// <summary>The radio environment the board hears (also named to the child by file, if one was given).</summary>
    public required Accessory.Simulator.Radio.RadioEnvironment Environment { get; init; }

    public string? RadioEnvironmentFile { get; init; }

    public string? Timing { get; init; }

    public string? StationAddress { get; init; }
}
