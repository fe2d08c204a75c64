using System.Globalization;
using System.Text;
using System.Text.Json;
using Accessory.Simulator.Events;
using Accessory.Simulator.Faults;
using Accessory.Simulator.Http;
using Accessory.Simulator.Metrics;

namespace Accessory.Simulator.Dashboard;

/// <summary>
/// The routes the dashboard adds to the control port: the page and its two assets, <c>/status</c>,
/// <c>/events</c> (Server-Sent Events), <c>/qr.svg</c>, <c>/metrics</c> and the radio actions
/// (<c>POST /radio/BSSID</c> with away, back or rssi DBM). Faults are set and cleared through the existing /faults routes.
/// </summary>
internal sealed class DashboardRoutes : IControlRoutes
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
    private readonly StatusDocument _status;
    private readonly DeviceEventHub _hub;

    public DashboardRoutes(StatusDocument status, DeviceEventHub hub)
    {
        _status = status;
        _hub = hub;
    }

    public bool Handles(string method, string path)
    {
        string route = Route(path);
        return route is "/" or "/favicon.ico" or "/dashboard.js" or "/dashboard.css" or "/dashboard/sections" or "/status" or "/events" or "/qr.svg" or "/metrics"
            || route.StartsWith("/radio/", StringComparison.Ordinal);
    }

    public async Task<int> ServeAsync(HttpRequest request, Stream stream, CancellationToken stopping)
    {
        string route = Route(request.Path);
        if (route == "/events")
        {
            return request.Method == "GET" ? await StreamEventsAsync(request, stream, stopping).ConfigureAwait(false) : await NotAllowedAsync(stream, "GET", stopping).ConfigureAwait(false);
        }

        if (route.StartsWith("/radio/", StringComparison.Ordinal))
        {
            return request.Method == "POST" ? await RadioAsync(route, request.Body, stream, stopping).ConfigureAwait(false) : await NotAllowedAsync(stream, "POST", stopping).ConfigureAwait(false);
        }

        if (request.Method != "GET")
        {
            return await NotAllowedAsync(stream, "GET", stopping).ConfigureAwait(false);
        }

        switch (route)
        {
            case "/":
                return await SendAsync(stream, 200, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(DashboardPage.Page(_status)), stopping).ConfigureAwait(false);
            case "/favicon.ico":
                // Browsers ask on their own; a small dot keeps a 404 out of the console.
                return await SendAsync(stream, 200, "image/svg+xml", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\"><circle cx=\"8\" cy=\"8\" r=\"6\" fill=\"#0969da\"/></svg>"u8.ToArray(), stopping).ConfigureAwait(false);
            case "/dashboard/sections":
                return await SendAsync(stream, 200, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(DashboardPage.Sections(_status)), stopping).ConfigureAwait(false);
            case "/dashboard.js":
                return await SendAsync(stream, 200, "text/javascript; charset=utf-8", DashboardAssets.Read("dashboard.js"), stopping).ConfigureAwait(false);
            case "/dashboard.css":
                return await SendAsync(stream, 200, "text/css; charset=utf-8", DashboardAssets.Read("dashboard.css"), stopping).ConfigureAwait(false);
            case "/status":
                return await SendAsync(stream, 200, "application/json; charset=utf-8", Encoding.UTF8.GetBytes(_status.ToJson() + "\n"), stopping).ConfigureAwait(false);
            case "/qr.svg":
                var qr = _status.Qr();
                return qr is null
                    ? await ErrorAsync(stream, 404, "the device offers no SoftAP provisioning, so there is no QR code", stopping).ConfigureAwait(false)
                    : await SendAsync(stream, 200, "image/svg+xml", Encoding.UTF8.GetBytes(QrSvg.Render(qr.ToJson())), stopping).ConfigureAwait(false);
            default:
                using (var buffer = new MemoryStream())
                {
                    await SimulatorMetrics.Registry.CollectAndExportAsTextAsync(buffer, stopping).ConfigureAwait(false);
                    return await SendAsync(stream, 200, "text/plain; version=0.0.4; charset=utf-8", buffer.ToArray(), stopping).ConfigureAwait(false);
                }
        }
    }

    private static string Route(string path)
    {
        int query = path.IndexOf('?', StringComparison.Ordinal);
        string route = query >= 0 ? path[..query] : path;
        return route.Length > 1 ? route.TrimEnd('/') : route;
    }

    private static async Task<int> SendAsync(Stream stream, int status, string contentType, byte[] body, CancellationToken stopping, string? extraHeaders = null)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {Reason(status)}\r\n")
            .Append("Content-Type: ").Append(contentType).Append("\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n")
            .Append("Cache-Control: no-store\r\n")
            .Append("X-Content-Type-Options: nosniff\r\n")
            .Append(extraHeaders)
            .Append("Connection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), stopping).ConfigureAwait(false);
        await stream.WriteAsync(body, stopping).ConfigureAwait(false);
        await stream.FlushAsync(stopping).ConfigureAwait(false);
        return status;
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    };

    private static Task<int> ErrorAsync(Stream stream, int status, string message, CancellationToken stopping) =>
        SendAsync(stream, status, "application/json; charset=utf-8", Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = message }) + "\n"), stopping);

    private static Task<int> NotAllowedAsync(Stream stream, string allow, CancellationToken stopping) =>
        SendAsync(stream, 405, "application/json; charset=utf-8", Encoding.UTF8.GetBytes($"{{\"error\":\"method not allowed here (allowed: {allow})\"}}\n"), stopping, "Allow: " + allow + "\r\n");

    // POST /radio/BSSID with one action as the body: "away", "back" or "rssi -70" (the control server wants a body).
    private async Task<int> RadioAsync(string route, byte[] body, Stream stream, CancellationToken stopping)
    {
        const string Usage = "radio actions are POST /radio/BSSID with the body away, back or rssi DBM (e.g. rssi -70)";
        var parts = route.Split('/');
        if (parts.Length != 3)
        {
            return await ErrorAsync(stream, 404, Usage, stopping).ConfigureAwait(false);
        }

        string bssid = Uri.UnescapeDataString(parts[2]);
        string[] words = Encoding.UTF8.GetString(body).Split([' ', '=', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var radio = _status.Device.Radio;
        try
        {
            switch (words)
            {
                case ["away"]:
                    radio.TakeAway(bssid);
                    break;
                case ["back"]:
                    radio.BringBack(bssid);
                    break;
                case ["rssi", var value]:
                    if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int rssi))
                    {
                        return await ErrorAsync(stream, 400, $"'{Shorten(value)}' is not an RSSI: give a whole number of dBm from {Radio.VirtualRadio.MinRssi} to {Radio.VirtualRadio.MaxRssi}", stopping).ConfigureAwait(false);
                    }

                    radio.SetRssi(bssid, rssi);
                    break;
                default:
                    return await ErrorAsync(stream, 400, Usage, stopping).ConfigureAwait(false);
            }
        }
        catch (ArgumentException e)
        {
            int status = e.Message.StartsWith("no access point", StringComparison.Ordinal) ? 404 : 400;
            return await ErrorAsync(stream, status, e.Message.Split(" (Parameter", 2)[0], stopping).ConfigureAwait(false);
        }

        return await SendAsync(stream, 200, "application/json; charset=utf-8", Encoding.UTF8.GetBytes(_status.ToJson() + "\n"), stopping).ConfigureAwait(false);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    /// <summary>
    /// Server-Sent Events: the kept backlog (after Last-Event-ID when the browser reconnects), then every new event,
    /// a comment line as heartbeat, until the client goes or the server stops.
    /// </summary>
    private async Task<int> StreamEventsAsync(HttpRequest request, Stream stream, CancellationToken stopping)
    {
        long after = 0;
        foreach (var header in request.Headers)
        {
            if (string.Equals(header.Key, "Last-Event-ID", StringComparison.OrdinalIgnoreCase))
            {
                _ = long.TryParse(header.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out after);
            }
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 1000\n\n"), stopping).ConfigureAwait(false);
        await stream.FlushAsync(stopping).ConfigureAwait(false);
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(stopping);

        // The client sends nothing more; a read that ends means it closed the connection.
        var watch = WatchForCloseAsync(stream, gone);
        var events = _hub.FollowAsync(after, gone.Token).GetAsyncEnumerator(gone.Token);
        try
        {
            var next = events.MoveNextAsync().AsTask();
            while (true)
            {
                if (await Task.WhenAny(next, Task.Delay(Heartbeat, gone.Token)).ConfigureAwait(false) != next)
                {
                    await stream.WriteAsync(": heartbeat\n\n"u8.ToArray(), gone.Token).ConfigureAwait(false);
                    await stream.FlushAsync(gone.Token).ConfigureAwait(false);
                    continue;
                }

                if (!await next.ConfigureAwait(false))
                {
                    break;
                }

                await stream.WriteAsync(Encoding.UTF8.GetBytes(EventJson.Sse(events.Current)), gone.Token).ConfigureAwait(false);
                await stream.FlushAsync(gone.Token).ConfigureAwait(false);
                next = events.MoveNextAsync().AsTask();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The client left or the server is stopping.
        }
        finally
        {
            await gone.CancelAsync().ConfigureAwait(false);
            try
            {
                await events.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or NotSupportedException or InvalidOperationException)
            {
                // An enumerator still waiting when cancelled throws on dispose; nothing is left to release.
            }

            await watch.ConfigureAwait(false);
        }

        return 200;
    }

    private static async Task WatchForCloseAsync(Stream stream, CancellationTokenSource gone)
    {
        var sink = new byte[256];
        try
        {
            while (await stream.ReadAsync(sink, gone.Token).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }

        await gone.CancelAsync().ConfigureAwait(false);
    }
}
