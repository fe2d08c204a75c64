using System.Globalization;
using System.Net.Security;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Accessory.Simulator.Cli.Qa;

/// <summary>The TLS (openssl) and WebSocket steps.</summary>
internal sealed partial class StepActions
{
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
        var uri = new Uri($"wss://{apiBase.Authority}{step.Path}");
        using var socket = await ConnectWebSocketAsync(uri, cancel).ConfigureAwait(false);
        Wire("< 101 Switching Protocols");
        var received = new List<string>();
        int matched = 0;
        bool triggered = step.Steps.Count == 0;
        var buffer = new byte[8192];
        string? actual = null;
        string Expected() => string.Join(", then ", step.ExpectEvents.Select(e => "{" + string.Join(", ", e.Select(p => $"{p.Key}: {p.Value}")) + "}"))
            + (step.ExpectClose != null ? (step.ExpectEvents.Count > 0 ? ", then " : "") + "close " + step.ExpectClose : "");
        string Seen(string end) => (received.Count == 0 ? "no event" : string.Join(", ", received)) + end;
        try
        {
            while (true)
            {
                if (matched == step.ExpectEvents.Count && step.ExpectClose == null && triggered)
                {
                    // Every event came and no close is asked for: the phone leaves as apps do, with 1000.
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cancel).ConfigureAwait(false);
                    Wire("> close frame 1000");
                    return;
                }

                var result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer), cancel).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    actual = ((int?)socket.CloseStatus)?.ToString(CultureInfo.InvariantCulture) ?? "none";
                    Wire($"< close frame {actual} {socket.CloseStatusDescription}");
                    break;
                }

                // A message may span frames; the device's events are small, but read to the end of the message.
                int count = result.Count;
                while (!result.EndOfMessage && count < buffer.Length)
                {
                    result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, count, buffer.Length - count), cancel).ConfigureAwait(false);
                    count += result.Count;
                }

                string text = Encoding.UTF8.GetString(buffer, 0, count);
                Wire("< " + text);
                received.Add(text);
                if (matched < step.ExpectEvents.Count && EventMatches(text, step.ExpectEvents[matched]))
                {
                    matched++;
                }

                if (!triggered)
                {
                    // The device sends its state on connect: after that the session surely follows changes.
                    triggered = true;
                    await ApiAsync(step.Steps[0], cancel).ConfigureAwait(false);
                }
            }
        }
        catch (WebSocketException e)
        {
            actual = "none";
            Wire($"! {e.WebSocketErrorCode}: {e.Message} (close status {(socket.CloseStatus?.ToString() ?? "null")})");
        }
        catch (OperationCanceledException)
        {
            throw new StepFailedException(
                matched < step.ExpectEvents.Count ? $"event {matched + 1} of {step.ExpectEvents.Count} did not come" : "the WebSocket stayed open",
                Expected(),
                Seen(", still open at the step's timeout"));
        }

        if (matched < step.ExpectEvents.Count)
        {
            throw new StepFailedException($"the WebSocket ended before event {matched + 1} of {step.ExpectEvents.Count}", Expected(), Seen(", then close " + actual));
        }

        if (actual != step.ExpectClose)
        {
            throw new StepFailedException("the WebSocket ended differently", Expected(), Seen(", then close " + actual));
        }
    }

    // As the api step, no retry on a refused connection: the device's API listens before its state reads online.
    private async Task<ClientWebSocket> ConnectWebSocketAsync(Uri uri, CancellationToken cancel)
    {
        var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = Pinned(trustAny: false);
        foreach (var (name, value) in SettingsToken())
        {
            socket.Options.SetRequestHeader(name, value);
        }

        Wire($"> websocket {uri}");
        try
        {
            await socket.ConnectAsync(uri, cancel).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool EventMatches(string text, Dictionary<string, string> fields)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            return fields.All(f => Field(json.RootElement, f.Key) == f.Value);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
