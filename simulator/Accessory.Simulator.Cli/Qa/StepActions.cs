using System.Globalization;
using System.Text;
using System.Text.Json;
using Accessory.Core.Device;
using Accessory.Simulator.Faults;

namespace Accessory.Simulator.Cli.Qa;

/// <summary>
/// What each step does against a simulator target, as a phone, a cloud or a QA engineer with the device in hand
/// would. Every wire exchange is recorded; a failed expectation throws <see cref="StepFailedException"/>.
/// </summary>
internal sealed partial class StepActions(IScenarioTarget target, Scenario scenario, MatrixCell cell, Action<TimedLine> record) : IDisposable
{
    // One kept-alive connection shared by `connection: pooled` api steps, as an app's URLSession/OkHttp pool keeps one.
    private HttpClient? _pooled;

    private void Wire(string text) => record(new TimedLine(DateTimeOffset.UtcNow, "wire", text));

    public void Dispose()
    {
        _pooled?.Dispose();
        StopWatching();
    }

    // Only reached on a simulator: RealDeviceTarget.Check refuses these steps before a device scenario starts.
    private SimulatedDevice Sim => target.Simulated ?? throw new StepFailedException("this step needs the simulator target", "target simulator", "target device");

    /// <summary>Returns once the target's event stream has delivered what the device published so far.</summary>
    public Task CatchUpAsync() => target.CatchUpAsync();

    public async Task RunAsync(StepSpec step, CancellationToken cancel)
    {
        switch (step.Kind)
        {
            case "provision":
                await Task.Run(() => Provision(step, cancel), cancel).ConfigureAwait(false);
                break;
            case "scan":
                await Task.Run(() => Scan(step), cancel).ConfigureAwait(false);
                break;
            case "discover":
                await DiscoverAsync(step, cancel).ConfigureAwait(false);
                break;
            case "api":
                await ApiAsync(step, cancel).ConfigureAwait(false);
                break;
            case "tls":
                await TlsAsync(step, cancel).ConfigureAwait(false);
                break;
            case "websocket":
                await WebSocketAsync(step, cancel).ConfigureAwait(false);
                break;
            case "mqtt":
                await MqttAsync(step, cancel).ConfigureAwait(false);
                break;
            case "mqtt_command":
                await MqttCommandAsync(step, cancel).ConfigureAwait(false);
                break;
            case "telemetry":
                await TelemetryAsync(step, cancel).ConfigureAwait(false);
                break;
            case "fault":
                // Through the control API, as `accessory-sim faults` or curl would switch it.
                if (step.FaultSet != null)
                {
                    await ControlAsync(HttpMethod.Post, "/faults", step.FaultSet.ToString(), cancel).ConfigureAwait(false);
                }
                else if (step.FaultClear == "all")
                {
                    await ControlAsync(HttpMethod.Delete, "/faults", null, cancel).ConfigureAwait(false);
                }
                else
                {
                    await ControlAsync(HttpMethod.Delete, "/faults/" + step.FaultClear, null, cancel).ConfigureAwait(false);
                }

                break;
            case "button" when target is FirmwareTarget board:
                await board.ButtonAsync(step.Duration, Wire, cancel).ConfigureAwait(false);
                break;
            case "button":
                // Press and release edges, as a finger makes them; the device's gesture rules decide what they mean.
                Wire("button pressed");
                Sim.Button.Press();
                try
                {
                    await Task.Delay(step.Duration, cancel).ConfigureAwait(false);
                }
                finally
                {
                    Sim.Button.Release();
                }

                Wire($"button released after {step.Duration.TotalMilliseconds:0} ms");
                break;
            case "ap_loss":
                await ControlAsync(HttpMethod.Post, "/faults", $"{FaultNames.WifiApLost}:duration={Ms(step.Duration)}", cancel).ConfigureAwait(false);
                break;
            case "broker_outage":
                await ControlAsync(HttpMethod.Post, "/faults", $"{FaultNames.MqttBrokerOutage}:duration={Ms(step.Duration)}", cancel).ConfigureAwait(false);
                break;
            case "reboot":
                Wire("reboot (simulated esp_restart)");
                await Sim.RebootAsync().ConfigureAwait(false);
                break;
            case "factory_reset":
                Wire("factory reset");
                Sim.FactoryReset();
                await WaitStateAsync(DeviceState.Provisioning, cancel).ConfigureAwait(false);
                break;
            case "wait":
                await WaitStateAsync(StateOf(step.State!), cancel).ConfigureAwait(false);
                break;
            case "sleep":
                await Task.Delay(step.Duration, cancel).ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException("step kind " + step.Kind + " is run by the runner");
        }
    }

    // One control API call; anything but a 2xx answer fails the step with the answer.
    private async Task ControlAsync(HttpMethod method, string path, string? body, CancellationToken cancel)
    {
        var control = target.Control ?? throw new StepFailedException("this target has no control API", "a control API", "none");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(method, new Uri(control, path));
        if (body != null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "text/plain");
        }

        Wire($"control > {method} {path}{(body == null ? "" : " " + body)}");
        using var response = await http.SendAsync(request, cancel).ConfigureAwait(false);
        string answer = await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false);
        Wire($"control < {(int)response.StatusCode} {(answer.Length > 200 ? answer[..200] + "…" : answer.Trim())}");
        if (!response.IsSuccessStatusCode)
        {
            throw new StepFailedException($"the control API refused {method} {path}", "HTTP 2xx", $"HTTP {(int)response.StatusCode}: {answer.Trim()}");
        }
    }

    private static string Ms(TimeSpan t) => ((int)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";

    private static DeviceState StateOf(string name) => name switch
    {
        "unprovisioned" => DeviceState.Unprovisioned,
        "provisioning" => DeviceState.Provisioning,
        "connecting" => DeviceState.Connecting,
        _ => DeviceState.Online,
    };

    private async Task WaitStateAsync(DeviceState state, CancellationToken cancel)
    {
        // The firmware body has no control API: its console's state lines are what can be read.
        if (target is FirmwareTarget board)
        {
            await board.WaitStateAsync(DeviceLifecycle.StateName(state), Wire, cancel).ConfigureAwait(false);
            return;
        }

        // What any outside tool sees: the control API's GET /status.
        if (target.Control is { } control)
        {
            await WaitStatusAsync(control, DeviceLifecycle.StateName(state), cancel).ConfigureAwait(false);
            return;
        }

        try
        {
            while (Sim.Lifecycle.State != state)
            {
                await Task.Delay(10, cancel).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            throw new StepFailedException(
                $"the device did not reach {DeviceLifecycle.StateName(state)} in time",
                "state " + DeviceLifecycle.StateName(state),
                "state " + DeviceLifecycle.StateName(Sim.Lifecycle.State));
        }
    }

    // GET /status of a control API, polled until its "state" is the one asked for.
    private async Task WaitStatusAsync(Uri control, string state, CancellationToken cancel)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string? last = null;
        try
        {
            while (true)
            {
                try
                {
                    using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(control, "/status"), cancel).ConfigureAwait(false));
                    string? now = json.RootElement.TryGetProperty("state", out var s) ? s.GetString() : null;
                    if (now != last)
                    {
                        Wire($"GET /status -> state {now}");
                        last = now;
                    }

                    if (now == state)
                    {
                        return;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or JsonException)
                {
                    last = "unreadable: " + e.Message;
                }

                await Task.Delay(20, cancel).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            throw new StepFailedException($"the device did not reach {state} in time", "state " + state, "state " + (last ?? "unknown"));
        }
    }
}
