using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Accessory.Core.Device;
using Accessory.Phone;
using Accessory.Phone.Ble;
using Accessory.Phone.Protos;
using Accessory.Simulator.Faults;
using Google.Protobuf;
using MQTTnet;
using MQTTnet.Protocol;

namespace Accessory.Simulator.Cli.Qa;

/// <summary>
/// What each step does against a simulator target, as a phone, a cloud or a QA engineer with the device in hand
/// would. Every wire exchange is recorded; a failed expectation throws <see cref="StepFailedException"/>.
/// </summary>
internal sealed class StepActions(IScenarioTarget target, Scenario scenario, MatrixCell cell, Action<TimedLine> record) : IDisposable
{
    // One kept-alive connection shared by `connection: pooled` api steps, as an app's URLSession/OkHttp pool keeps one.
    private HttpClient? _pooled;

    private void Wire(string text) => record(new TimedLine(DateTimeOffset.UtcNow, "wire", text));

    public void Dispose() => _pooled?.Dispose();

    // Only reached on a simulator: RealDeviceTarget.Check refuses these steps before a device scenario starts.
    private SimulatedDevice Sim => target.Simulated ?? throw new StepFailedException("this step needs the simulator target", "target simulator", "target device");

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
            case "fault":
                if (step.FaultSet != null)
                {
                    Sim.Faults.Set(step.FaultSet);
                }
                else if (step.FaultClear == "all")
                {
                    Sim.Faults.ClearAll();
                }
                else
                {
                    Sim.Faults.Clear(step.FaultClear!);
                }

                break;
            case "ap_loss":
                Sim.Faults.Set(FaultSpec.Parse($"{FaultNames.WifiApLost}:duration={Ms(step.Duration)}"));
                break;
            case "broker_outage":
                Sim.Faults.Set(FaultSpec.Parse($"{FaultNames.MqttBrokerOutage}:duration={Ms(step.Duration)}"));
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
        if (target is RealDeviceTarget { Control: { } control })
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
        using var http = new HttpClient();
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

                await Task.Delay(50, cancel).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            throw new StepFailedException($"the device did not reach {state} in time", "state " + state, "state " + (last ?? "unknown"));
        }
    }

    private void Provision(StepSpec step, CancellationToken cancel)
    {
        string transportName = step.Transport ?? cell.Transport ?? "softap";
        int security = cell.Security ?? scenario.Device.Security;
        var client = PhoneProvisioningFlow.Security(
            security,
            step.Pop ?? scenario.Device.Pop,
            step.Username ?? scenario.Device.Username,
            step.Password ?? scenario.Device.Password);
        Wire($"provision over {transportName}, security {security}");
        string outcome;
        if (transportName == "ble")
        {
            string socket = target.BleSocket ?? throw new StepFailedException("this target has no BLE link", "a BLE link", "none");
            Wire($"ble: connect {socket}");
            var ble = VirtualBleClient.ConnectAsync(socket, cancel).GetAwaiter().GetResult();
            try
            {
                ble.ExchangeMtuAsync(512, cancel).GetAwaiter().GetResult();
                outcome = PhoneProvisioningFlow.Run(new BleProtocommTransport(ble), client, step.Ssid!, step.Passphrase, step.Timeout, line => Wire("ble " + line));
            }
            finally
            {
                ble.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        else
        {
            var address = target.ProvisioningAddress;
            Wire($"http: {address}");
            using var http = new HttpProtocommTransport(address);
            outcome = PhoneProvisioningFlow.Run(new RecordingTransport(http, Wire), client, step.Ssid!, step.Passphrase, step.Timeout, line => Wire("softap " + line));
        }

        Wire("outcome: " + outcome);
        if (!string.Equals(outcome, step.Expect, StringComparison.Ordinal))
        {
            throw new StepFailedException($"provisioning over {transportName} ended {outcome}", "outcome " + step.Expect, "outcome " + outcome);
        }
    }

    private void Scan(StepSpec step)
    {
        var address = target.ProvisioningAddress;
        using var http = new HttpProtocommTransport(address);
        var flow = new ProvisioningClient(new RecordingTransport(http, Wire));
        int security = cell.Security ?? scenario.Device.Security;
        flow.Establish(PhoneProvisioningFlow.Security(security, scenario.Device.Pop, scenario.Device.Username, scenario.Device.Password));
        WiFiScanPayload Call(WiFiScanPayload request) => WiFiScanPayload.Parser.ParseFrom(flow.Call("prov-scan", request.ToByteArray()));
        Call(new WiFiScanPayload { Msg = WiFiScanMsgType.TypeCmdScanStart, CmdScanStart = new CmdScanStart { Blocking = true, PeriodMs = 120 } });
        var status = Call(new WiFiScanPayload { Msg = WiFiScanMsgType.TypeCmdScanStatus, CmdScanStatus = new CmdScanStatus() }).RespScanStatus;
        var names = new List<string>();
        for (uint i = 0; i < status.ResultCount; i += 4)
        {
            var page = Call(new WiFiScanPayload { Msg = WiFiScanMsgType.TypeCmdScanResult, CmdScanResult = new CmdScanResult { StartIndex = i, Count = Math.Min(4, status.ResultCount - i) } });
            foreach (var entry in page.RespScanResult.Entries)
            {
                names.Add(SsidLabel(entry.Ssid.ToByteArray()));
                Wire($"scan entry: {SsidLabel(entry.Ssid.ToByteArray())} ch {entry.Channel} rssi {entry.Rssi} {entry.Auth} bssid {Convert.ToHexStringLower(entry.Bssid.ToByteArray())}");
            }
        }

        var missing = step.Present.Where(p => names.Count(n => n == p) < step.Present.Count(x => x == p)).Distinct().ToList();
        var unwanted = step.Absent.Where(names.Contains).ToList();
        if (missing.Count > 0 || unwanted.Count > 0)
        {
            throw new StepFailedException(
                "the scan list is not as expected",
                $"present [{string.Join(", ", step.Present)}], absent [{string.Join(", ", step.Absent)}]",
                $"scan returned [{string.Join(", ", names)}]" + (missing.Count > 0 ? $"; missing [{string.Join(", ", missing)}]" : "") + (unwanted.Count > 0 ? $"; unexpectedly present [{string.Join(", ", unwanted)}]" : ""));
        }
    }

    // How a scan entry is named in scenarios: its text, "" for an empty SSID, hex:… when not UTF-8.
    private static string SsidLabel(byte[] ssid)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(ssid);
        }
        catch (DecoderFallbackException)
        {
            return "hex:" + Convert.ToHexStringLower(ssid);
        }
    }

    private async Task ApiAsync(StepSpec step, CancellationToken cancel)
    {
        var apiBase = target.ApiBase ?? throw new StepFailedException("the target has no local API (device.api: false, or no --device-api)", "a local API", "none");
        using var fresh = step.Pooled ? null : new HttpClient(new SocketsHttpHandler { SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Pinned(step.TrustAny) } });
        var http = fresh ?? (_pooled ??= new HttpClient(new SocketsHttpHandler { SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Pinned(trustAny: false) }, MaxConnectionsPerServer = 1 }));
        var uri = new Uri(apiBase, step.Path);
        using var request = new HttpRequestMessage(new HttpMethod(step.Method), uri);
        foreach (var (name, value) in step.RequestHeaders)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        foreach (var (name, value) in SettingsToken())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (step.Body != null)
        {
            request.Content = new StringContent(step.Body, Encoding.UTF8, "application/json");
        }

        Wire($"> {step.Method} {uri}");
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancel).WaitAsync(step.Timeout, cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or TimeoutException)
        {
            string text = Describe(e);
            Wire("! " + text);
            if (step.ExpectError != null && text.Contains(step.ExpectError, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            throw new StepFailedException($"{step.Method} {step.Path} failed", step.ExpectError == null ? $"HTTP {step.ExpectStatus ?? 200}" : "error containing '" + step.ExpectError + "'", "error: " + text);
        }

        using (response)
        {
            string body = await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false);
            Wire($"< HTTP/{response.Version} {(int)response.StatusCode} {response.ReasonPhrase}");
            foreach (var header in response.Headers.Concat(response.Content.Headers))
            {
                Wire($"< {header.Key}: {string.Join(", ", header.Value)}");
            }

            Wire("< " + (body.Length > 400 ? body[..400] + "…" : body));
            if (step.ExpectError != null)
            {
                throw new StepFailedException($"{step.Method} {step.Path} succeeded", "error containing '" + step.ExpectError + "'", $"HTTP {(int)response.StatusCode}");
            }

            int expected = step.ExpectStatus ?? 200;
            if ((int)response.StatusCode != expected)
            {
                throw new StepFailedException($"{step.Method} {step.Path} answered {(int)response.StatusCode}", $"HTTP {expected}", $"HTTP {(int)response.StatusCode}: {body}");
            }

            var headers = response.Headers.Concat(response.Content.Headers).ToList();
            string? HeaderValue(string name) =>
                headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => string.Join(", ", h.Value)).FirstOrDefault();
            foreach (var (name, value) in step.ExpectHeaders)
            {
                string? actual = HeaderValue(name);
                if (actual != value)
                {
                    throw new StepFailedException($"header {name} differs", $"{name}: {value}", actual == null ? $"no {name} header" : $"{name}: {actual}");
                }
            }

            foreach (var name in step.ExpectNoHeaders)
            {
                if (HeaderValue(name) is { } present)
                {
                    throw new StepFailedException($"header {name} is present", $"no {name} header", $"{name}: {present}");
                }
            }

            if (step.ExpectJson.Count > 0)
            {
                JsonDocument json;
                try
                {
                    json = JsonDocument.Parse(body);
                }
                catch (JsonException e)
                {
                    throw new StepFailedException("the body is not JSON", "a JSON body", e.Message);
                }

                using (json)
                {
                    foreach (var (path, value) in step.ExpectJson)
                    {
                        string? actual = Field(json.RootElement, path);
                        if (actual != value)
                        {
                            throw new StepFailedException($"JSON field {path} differs", $"{path} = {value}", actual == null ? $"{path} missing in {body}" : $"{path} = {actual}");
                        }
                    }
                }
            }
        }
    }

    // The local API may come to require an access token (security issue); when the device settings hold one, send it.
    private List<KeyValuePair<string, string>> SettingsToken()
    {
        if (target.Simulated == null)
        {
            return [];
        }

        var settings = Sim.Settings;
        lock (settings)
        {
            foreach (var key in new[] { "api.token", "api_token", "local_api_token" })
            {
                if (settings.Contains(key) && settings.GetString(key) is { Length: > 0 } token)
                {
                    return [new("Authorization", "Bearer " + token)];
                }
            }
        }

        return [];
    }

    // As the companion app does: trust the device's own certificate by its SHA-256 (there is no CA for a LAN
    // device), recording what was presented; `tls_trust: any` accepts any chain (to reach a device under a chain fault).
    private RemoteCertificateValidationCallback Pinned(bool trustAny) => (_, certificate, chain, errors) =>
    {
        if (certificate == null)
        {
            Wire("tls: no certificate presented");
            return false;
        }

        string presented = certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        string fingerprint = target.PinnedFingerprint ??= presented;
        bool pinned = string.Equals(presented, fingerprint, StringComparison.OrdinalIgnoreCase);
        Wire($"tls: certificate {certificate.Subject} issued by {certificate.Issuer}, SHA-256 {presented[..16]}..., {(pinned ? "pinned" : "not the device's pinned certificate")}, validation {errors}, chain {chain?.ChainElements.Count ?? 0} element(s)");
        return pinned || trustAny;
    };

    private static string? Field(JsonElement root, string path)
    {
        var element = root;
        foreach (var part in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(part, out element))
            {
                return null;
            }
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => element.GetRawText(),
        };
    }

    private static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x != null; x = x.InnerException)
        {
            parts.Add(x.Message);
        }

        return string.Join(" -> ", parts.Distinct());
    }

    private async Task TlsAsync(StepSpec step, CancellationToken cancel)
    {
        var apiBase = target.ApiBase ?? throw new StepFailedException("the target has no local API (device.api: false, or no --device-api)", "a local API", "none");
        int port = apiBase.Port;
        const string Request = "GET /api/v1/info HTTP/1.0\r\nHost: localhost\r\n\r\n";
        string version = "-tls" + (step.TlsVersion ?? "1.2").Replace('.', '_');
        if (step.ExpectCloseNotify is bool closeNotify)
        {
            Wire($"openssl s_client {version} -connect {apiBase.Host}:{port}: {Request.Trim()}");
            string output = await OpenSslProbe.RunAsync(apiBase.Host, port, Request, [version], cancel).ConfigureAwait(false);
            bool truncated = output.Contains("unexpected eof while reading", StringComparison.Ordinal);
            Wire(truncated ? "openssl: unexpected eof while reading (no close_notify)" : "openssl: ended cleanly (close_notify)");
            if (truncated == closeNotify)
            {
                throw new StepFailedException("the TLS ending differs", closeNotify ? "close_notify before the TCP FIN" : "TCP FIN without close_notify", truncated ? "no close_notify (unexpected eof)" : "close_notify");
            }
        }

        if (step.ExpectResumption is bool resumption)
        {
            string session = Path.Combine(Path.GetTempPath(), "accessory-qa-session-" + Guid.NewGuid().ToString("N")[..8] + ".pem");
            try
            {
                Wire($"openssl s_client {version} -sess_out, then -sess_in");
                await OpenSslProbe.RunAsync(apiBase.Host, port, Request, [version, "-sess_out", session], cancel).ConfigureAwait(false);
                string second = await OpenSslProbe.RunAsync(apiBase.Host, port, Request, File.Exists(session) ? [version, "-sess_in", session] : [version], cancel).ConfigureAwait(false);
                bool reused = second.Contains("Reused,", StringComparison.Ordinal);
                Wire(reused ? "openssl: second handshake Reused (session resumed)" : "openssl: second handshake New (no resumption)");
                if (reused != resumption)
                {
                    throw new StepFailedException("session resumption differs", resumption ? "second handshake resumed (Reused)" : "no resumption (New)", reused ? "Reused" : "New");
                }
            }
            finally
            {
                File.Delete(session);
            }
        }
    }

    private async Task WebSocketAsync(StepSpec step, CancellationToken cancel)
    {
        var apiBase = target.ApiBase ?? throw new StepFailedException("the target has no local API (device.api: false, or no --device-api)", "a local API", "none");
        using var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = Pinned(trustAny: false);
        var uri = new Uri($"wss://{apiBase.Authority}{step.Path}");
        Wire($"> websocket {uri}");
        await socket.ConnectAsync(uri, cancel).ConfigureAwait(false);
        Wire("< 101 Switching Protocols");
        var buffer = new byte[4096];
        string actual;
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cancel).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    actual = ((int?)socket.CloseStatus)?.ToString(CultureInfo.InvariantCulture) ?? "none";
                    Wire($"< close frame {actual} {socket.CloseStatusDescription}");
                    break;
                }

                Wire("< " + Encoding.UTF8.GetString(buffer, 0, result.Count));
            }
        }
        catch (WebSocketException e)
        {
            actual = "none";
            Wire($"! {e.WebSocketErrorCode}: {e.Message} (close status {(socket.CloseStatus?.ToString() ?? "null")})");
        }
        catch (OperationCanceledException)
        {
            throw new StepFailedException("the WebSocket stayed open", "close " + step.ExpectClose, "still open at the step's timeout");
        }

        if (actual != step.ExpectClose)
        {
            throw new StepFailedException("the WebSocket ended differently", "close " + step.ExpectClose, "close " + actual);
        }
    }

    private async Task MqttAsync(StepSpec step, CancellationToken cancel)
    {
        string topic = step.Topic!.StartsWith("accessory/", StringComparison.Ordinal) ? step.Topic : $"accessory/{Sim.Identity.DeviceId}/{step.Topic}";
        string? last = null;
        string? error = null;
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                // A fresh subscription gets the retained message: what a cloud or app sees when it looks now.
                using var client = new MqttClientFactory().CreateMqttClient();
                var got = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                client.ApplicationMessageReceivedAsync += e =>
                {
                    string payload = Encoding.UTF8.GetString(e.ApplicationMessage.Payload);
                    Wire($"mqtt < {e.ApplicationMessage.Topic} {(e.ApplicationMessage.Retain ? "(retained) " : "")}{payload}");
                    got.TrySetResult(payload);
                    return Task.CompletedTask;
                };
                try
                {
                    var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", target.BrokerPort ?? 0).WithClientId("qa-" + Guid.NewGuid().ToString("N")[..8]).Build();
                    await client.ConnectAsync(options, cancel).ConfigureAwait(false);
                    await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancel).ConfigureAwait(false);
                    last = await got.Task.WaitAsync(TimeSpan.FromMilliseconds(500), cancel).ConfigureAwait(false);
                    if (last.Contains(step.ExpectPayload!, StringComparison.Ordinal))
                    {
                        return;
                    }
                }
                catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or TimeoutException or InvalidOperationException)
                {
                    error = e.Message;
                }

                await Task.Delay(100, cancel).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }

        throw new StepFailedException(
            $"MQTT {topic} did not carry the expected payload in time",
            $"{topic} containing \"{step.ExpectPayload}\"",
            last != null ? $"{topic} = \"{last}\"" : error != null ? "broker: " + error : "no retained message");
    }

    /// <summary>
    /// Records each protocomm exchange as an HTTP status line on the wire; a run of identical exchanges (status
    /// polling) is one line and a count.
    /// </summary>
    private sealed class RecordingTransport(IProtocommTransport inner, Action<string> wire) : IProtocommTransport
    {
        private string? _last;
        private int _repeats;

        public byte[] Post(string endpoint, byte[] body)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                var response = inner.Post(endpoint, body);
                Line($"POST /{endpoint} ({body.Length} B) -> HTTP 200 ({response.Length} B)", $", {watch.ElapsedMilliseconds} ms");
                return response;
            }
            catch (HttpRequestException e)
            {
                Line($"POST /{endpoint} ({body.Length} B) -> {e.Message}", string.Empty);
                throw;
            }
        }

        private void Line(string text, string timing)
        {
            if (text == _last)
            {
                _repeats++;
                return;
            }

            if (_repeats > 0)
            {
                wire($"  (the line above {_repeats} more time(s): status polling)");
            }

            _last = text;
            _repeats = 0;
            wire(text + timing);
        }
    }
}
