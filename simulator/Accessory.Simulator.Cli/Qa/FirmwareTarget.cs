using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Accessory.Simulator.Cli.Qa;

/// <summary>
/// Target `firmware`: `accessory-sim run --body firmware` (the firmware's own code on the emulated board) as a child
/// process per case, on a fresh data folder and free ports. It has no control API, so it is followed as a person at
/// a serial console follows a board: its printed exposure (ports, PoP) and its log's state lines; the button is
/// driven through the board's GPIO socket, as `accessory-sim board button` does.
/// </summary>
internal sealed partial class FirmwareTarget : IScenarioTarget
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ReleasePatience = TimeSpan.FromSeconds(10);

    private readonly Process _child;
    private readonly string _dataDirectory;
    private readonly QaMosquitto? _mosquitto;
    private readonly object _gate = new();
    private string _state = "unknown";
    private bool _changed;

    private FirmwareTarget(Process child, string dataDirectory, QaMosquitto? mosquitto, int httpPort, int apiPort, int? brokerPort)
    {
        _child = child;
        _dataDirectory = dataDirectory;
        _mosquitto = mosquitto;
        ProvisioningAddress = new Uri($"http://127.0.0.1:{httpPort}/");
        ApiBase = new Uri($"https://127.0.0.1:{apiPort}/");
        BrokerPort = brokerPort;
        TokenFile = new FileInfo(Path.Combine(dataDirectory, "phone-token"));
    }

    /// <summary>Steps the firmware body cannot take, with why; refused by name before anything starts.</summary>
    private static readonly Dictionary<string, string> RefusedSteps = new(StringComparer.Ordinal)
    {
        ["fault"] = "faults are injected by the simulator's engines, which the firmware does not run",
        ["ap_loss"] = "AP loss is a simulator fault (wifi.ap_lost); the firmware does not run the simulator's engines",
        ["broker_outage"] = "a broker outage is a simulator fault (mqtt.broker_outage); the firmware does not run the simulator's engines",
        ["reboot"] = "the emulated board reboots only when its firmware asks (esp_restart); the runner has no way to make it",
        ["factory_reset"] = "the firmware's factory reset is holding the BOOT button 10 s: write a button step with hold: 10s and a wait for provisioning",
        ["websocket"] = "the runner does not follow the firmware body's event stream yet (the body serves it: TwoBodyDeviceTests)",
        ["discover"] = "the runner's mDNS browsing runs in a LAN of namespaces it wires for the simulator body only",
        ["mqtt_command"] = "MQTT commands on the firmware body are not checked yet (docs/fidelity.md)",
        ["telemetry"] = "the firmware body's telemetry is not checked yet (docs/fidelity.md)",
    };

    public Uri ProvisioningAddress { get; }

    public string? BleSocket => null;

    public Uri? ApiBase { get; }

    /// <summary>The certificate the factory step wrote into the board's flash (board/device-cert.pem), pinned.</summary>
    public string? PinnedFingerprint { get; set; }

    /// <summary>The token a provision step fetched inside the session and saved (0600) in the case's data folder.</summary>
    public string? ApiToken
    {
        get
        {
            if (!File.Exists(TokenFile.FullName))
            {
                return null;
            }

            string token = File.ReadAllText(TokenFile.FullName).Trim();
            return token.Length == 0 ? null : token;
        }
    }

    public FileInfo TokenFile { get; }

    FileInfo? IScenarioTarget.TokenFile => TokenFile;

    public SimulatedDevice? Simulated => null;

    public int? BrokerPort { get; }

    public Uri? Control => null;

    public Accessory.Simulator.Net.NetworkNamespace? PhoneNamespace => null;

    public string? DeviceName { get; private set; }

    /// <summary>The lifecycle state as the board's log last reported it.</summary>
    public string State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    // The board serves BLE and Improv on its virtual link (TwoBodyDeviceTests); what is missing is the runner's side.
    private const string NoBleDriver = "the runner does not drive the emulated board's BLE link yet";

    /// <summary>The first thing of a scenario the firmware body cannot do, with why; null when all can run.</summary>
    public static string? Check(Scenario scenario)
    {
        var spec = scenario.Device;
        string? device = spec.Security != 1 || scenario.Cells.Any(c => c.Security is int s && s != 1)
            ? "security: the firmware offers sec1 only (there is no sec0; sec2 needs the native SRP modexp of a custom image, so the emulated board falls back to sec1)"
            : spec.Faults.Count > 0 ? "faults: faults are injected by the simulator's engines, which the firmware does not run"
            : !spec.Api ? "api: false: the firmware serves its local API whenever its flash holds a certificate"
            : spec.Name != null ? "name: the firmware names itself from its id (PROV_XXXXXX)"
            : spec.MqttQueue != 64 ? "mqtt_queue: the firmware's queue is the core's default"
            : spec.Telemetry != TimeSpan.Zero ? "telemetry: the firmware body's telemetry is not checked yet"
            : spec.ImprovAuthorization ? "improv_authorization: " + NoBleDriver
            : scenario.Cells.Any(c => c.Transport is "ble" or "improv") ? "matrix transport ble/improv: " + NoBleDriver
            : null;
        if (device != null)
        {
            return $"{scenario.Path}: device {device}; cannot run on target firmware";
        }

        foreach (var step in scenario.Steps.Concat(scenario.Steps.SelectMany(s => s.Steps)))
        {
            string? why = RefusedSteps.TryGetValue(step.Kind, out var reason) ? reason
                : step.Kind == "provision" && (step.Transport ?? "softap") is "ble" or "improv" ? NoBleDriver
                : null;
            if (why != null)
            {
                return $"{scenario.Path}:{step.Line}: step '{step.Kind}' cannot run on target firmware: {why}";
            }
        }

        return null;
    }

    public static async Task<FirmwareTarget> StartAsync(Scenario scenario, Action<TimedLine> record, CancellationToken cancel)
    {
        var spec = scenario.Device;
        string dataDirectory = Path.Combine(Path.GetTempPath(), "accessory-qa-fw-" + Guid.NewGuid().ToString("N")[..12]);
        // The board's flash holds the Wi-Fi passphrase and the phone's token file the API token: this user only.
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dataDirectory);
        }
        else
        {
            Directory.CreateDirectory(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        int httpPort = FreePort();
        int apiPort = FreePort();
        int? brokerPort = spec.Cloud ? FreePort() : null;
        QaMosquitto? mosquitto = null;
        Process? child = null;
        try
        {
            var args = new List<string>
            {
                "run", "--body", "firmware", "--data-dir", dataDirectory, "--timing", spec.Timing,
                "--http-port", httpPort.ToString(CultureInfo.InvariantCulture),
                "--api-port", apiPort.ToString(CultureInfo.InvariantCulture),
                // No PoP in the scenario is sec1 without one, as on the simulator (not the random label PoP).
                "--pop", spec.Pop ?? string.Empty,
            };
            if (spec.EnvironmentFile != null)
            {
                args.AddRange(["--radio-env", spec.EnvironmentFile]);
            }

            if (brokerPort is int port)
            {
                if (spec.Broker == "mosquitto")
                {
                    mosquitto = QaMosquitto.Start(dataDirectory, port);
                    record(new TimedLine(DateTimeOffset.UtcNow, "wire", $"mosquitto: listening on 127.0.0.1:{port}"));
                    args.AddRange(["--broker", $"mqtt://127.0.0.1:{port}"]);
                }
                else
                {
                    args.AddRange(["--embedded-broker-port", port.ToString(CultureInfo.InvariantCulture)]);
                }
            }
            else
            {
                args.Add("--no-cloud");
            }

            child = SelfProcess.Create(args, holdInput: false);
            var target = new FirmwareTarget(child, dataDirectory, mosquitto, httpPort, apiPort, brokerPort);
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var tail = new Queue<string>();
            void Line(string? line, bool stdout)
            {
                if (line == null)
                {
                    return;
                }

                lock (tail)
                {
                    tail.Enqueue(line);
                    if (tail.Count > 30)
                    {
                        tail.Dequeue();
                    }
                }

                target.Follow(line, stdout, record);
                if (stdout && line.StartsWith("ready", StringComparison.Ordinal))
                {
                    ready.TrySetResult();
                }
            }

            child.OutputDataReceived += (_, e) => Line(e.Data, stdout: true);
            child.ErrorDataReceived += (_, e) => Line(e.Data, stdout: false);
            child.EnableRaisingEvents = true;
            child.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("run --body firmware ended before it was ready"));
            child.Start();
            child.BeginOutputReadLine();
            child.BeginErrorReadLine();
            record(new TimedLine(DateTimeOffset.UtcNow, "wire", $"firmware body: accessory-sim {string.Join(' ', args)} (pid {child.Id})"));
            try
            {
                await ready.Task.WaitAsync(StartPatience, cancel).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                string last;
                lock (tail)
                {
                    last = string.Join("\n", tail);
                }

                throw new InvalidOperationException($"{e.Message}; its last lines:\n{last}");
            }

            string certificateFile = Path.Combine(dataDirectory, "board", "device-cert.pem");
            using (var certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(certificateFile, cancel).ConfigureAwait(false)))
            {
                target.PinnedFingerprint = certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
            }

            return target;
        }
        catch
        {
            if (child != null)
            {
                await StopAsync(child).ConfigureAwait(false);
            }

            mosquitto?.Dispose();
            TryDelete(dataDirectory);
            throw;
        }
    }

    // Every line is the device log of the step it falls in; the exposure and state lines are also read.
    private void Follow(string line, bool stdout, Action<TimedLine> record)
    {
        record(new TimedLine(DateTimeOffset.UtcNow, "log", (stdout ? "out: " : "console: ") + line));
        if (stdout && DeviceLine().Match(line) is { Success: true } device)
        {
            DeviceName = device.Groups["name"].Value;
        }

        if (stdout && ExposedStateLine().Match(line) is { Success: true } exposed)
        {
            // The printed state is the one at boot: a change the console reported meanwhile is newer.
            lock (_gate)
            {
                if (!_changed)
                {
                    _state = exposed.Groups["state"].Value;
                }
            }
        }

        if (!stdout && StateChangeLine().Match(line) is { Success: true } change)
        {
            lock (_gate)
            {
                _state = change.Groups["to"].Value;
                _changed = true;
            }

            record(new TimedLine(DateTimeOffset.UtcNow, "wire", $"console state: {change.Groups["from"].Value} -> {change.Groups["to"].Value} ({change.Groups["why"].Value})"));
        }
    }

    /// <summary>Returns once the board's log has reported the state; fails with the last state reported.</summary>
    public async Task WaitStateAsync(string state, Action<string> wire, CancellationToken cancel)
    {
        wire($"console: waiting for state {state} (now {State})");
        try
        {
            while (State != state)
            {
                if (_child.HasExited)
                {
                    throw new StepFailedException($"the firmware body stopped (exit code {_child.ExitCode})", "state " + state, "process ended");
                }

                await Task.Delay(20, cancel).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            throw new StepFailedException($"the device did not reach {state} in time", "state " + state, "state " + State);
        }
    }

    /// <summary>Presses the BOOT button for the time given through the board's GPIO socket, and lets go.</summary>
    public async Task ButtonAsync(TimeSpan held, Action<string> wire, CancellationToken cancel)
    {
        var board = BoardCommand.Find("esp32-devkitc")!;
        string socket = Path.Combine(_dataDirectory, "board", "gpio.sock");
        string level = board.ButtonActiveLow ? "low" : "high";
        wire($"gpio > drive {board.ButtonPin} {level}");
        string answer = await BoardCommand.AskAsync(socket, $"drive {board.ButtonPin} {level}", cancel).ConfigureAwait(false);
        wire("gpio < " + answer);
        if (answer != "ok")
        {
            throw new StepFailedException("the board's GPIO socket refused the button press", "ok", answer);
        }

        try
        {
            await Task.Delay(held, cancel).ConfigureAwait(false);
        }
        finally
        {
            // Let go even when the step times out, or the board would see the button held for good.
            string released = await ReleaseAsync(socket, "release " + board.ButtonPin).ConfigureAwait(false);
            wire($"gpio > release {board.ButtonPin} after {held.TotalMilliseconds:0} ms; < {released}");
        }
    }

    // A hold long enough for a factory reset can meet the board restarting the firmware just as the button is let
    // go (the GPIO socket then resets the request or is not there yet); the release is tried again until the restarted board answers (at most 10 s).
    private static async Task<string> ReleaseAsync(string socket, string request)
    {
        var patience = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                string answer = await BoardCommand.AskAsync(socket, request, CancellationToken.None).ConfigureAwait(false);
                if (answer == "ok" || patience.Elapsed > ReleasePatience)
                {
                    return answer;
                }
            }
            catch (SocketException) when (patience.Elapsed <= ReleasePatience)
            {
                // Retried below.
            }

            await Task.Delay(200).ConfigureAwait(false);
        }
    }

    // A real device's events are followed through its log lines as they come: nothing to catch up on.
    public Task CatchUpAsync() => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await StopAsync(_child).ConfigureAwait(false);
        _child.Dispose();
        _mosquitto?.Dispose();
        TryDelete(_dataDirectory);
    }

    private static async Task StopAsync(Process child)
    {
        try
        {
            if (!child.HasExited)
            {
                // The body and the board process under it.
                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or not stopping: nothing more a runner can do; the next case uses other ports.
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A socket file still closing: the temp folder is cleaned by the system later; the result stands.
        }
    }

    // This very CLI, as FirmwareBody starts its board process: the apphost, or dotnet with the assembly.
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"^device:\s+(?<name>\S+) \(id")]
    private static partial Regex DeviceLine();

    [GeneratedRegex(@"^state:\s+(?<state>\S+)")]
    private static partial Regex ExposedStateLine();

    [GeneratedRegex(@"state (?<from>[a-z]+) -> (?<to>[a-z]+) \((?<why>[^)]*)\)")]
    private static partial Regex StateChangeLine();
}
