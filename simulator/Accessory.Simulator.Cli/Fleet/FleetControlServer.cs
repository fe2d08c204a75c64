using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Accessory.Simulator.Fleet;

namespace Accessory.Simulator.Cli.Fleet;

/// <summary>
/// The fleet's read-only control port on loopback: GET /fleet is the snapshot and every device as JSON, GET / a page
/// listing them. One request per connection, answered and closed; anything else gets 404/405.
/// </summary>
internal sealed class FleetControlServer : IDisposable
{
    private const int MaxRequestBytes = 8192;
    private readonly TcpListener _listener;
    private readonly FleetRun _run;
    private readonly CancellationTokenSource _stop = new();

    private FleetControlServer(TcpListener listener, FleetRun run)
    {
        _listener = listener;
        _run = run;
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public static FleetControlServer Start(FleetRun run, int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        var server = new FleetControlServer(listener, run);
        _ = server.AcceptLoopAsync();
        return server;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    /// <summary>The /fleet document: the fleet's totals and one entry per device.</summary>
    public static string FleetJson(FleetRun run)
    {
        var s = run.Snapshot();
        var devices = run.Devices.Select(d => new
        {
            id = d.DeviceId,
            index = d.Index,
            group = d.Group.Name,
            model = d.Group.Model,
            firmware = d.Group.FirmwareVersion,
            state = Accessory.Core.Device.DeviceLifecycle.StateName(d.Core.Lifecycle.State),
            connected = d.IsConnected,
            lamp = new { on = d.Core.Lamp.On, brightness = d.Core.Lamp.Brightness },
            telemetry_sent = d.TelemetrySent,
            acked = d.Cloud.Acknowledged,
            dropped = d.Cloud.Dropped,
            queued = d.Cloud.Queued,
            reconnects = d.Cloud.Reconnects,
            commands = d.CommandsExecuted,
            reboots = d.Reboots,
            provisioning = d.Provisioning is { } p ? new { state = p.State, port = p.Port, listening = p.Listening } : null,
            local_api = d.LocalApi is { } api ? new { port = api.Port, listening = api.Listening } : null,
            mdns = FleetMdnsView.Json(run, d),
        });
        return JsonSerializer.Serialize(new { name = run.Spec.Name, broker = run.Broker.ToString(), summary = s, mdns = FleetMdnsView.TotalsJson(run), devices });
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                var stream = client.GetStream();
                var buffer = new byte[MaxRequestBytes];
                int used = 0;
                while (used < buffer.Length && Encoding.ASCII.GetString(buffer, 0, used).IndexOf("\r\n\r\n", StringComparison.Ordinal) < 0)
                {
                    int n = await stream.ReadAsync(buffer.AsMemory(used), timeout.Token).ConfigureAwait(false);
                    if (n == 0)
                    {
                        return;
                    }

                    used += n;
                }

                string head = Encoding.ASCII.GetString(buffer, 0, used);
                string[] requestLine = head[..Math.Max(0, head.IndexOf("\r\n", StringComparison.Ordinal))].Split(' ');
                var (status, type, body) = requestLine.Length < 2 ? (400, "text/plain", "bad request\n")
                    : requestLine[0] != "GET" ? (405, "text/plain", "only GET\n")
                    : requestLine[1] switch
                    {
                        "/fleet" => (200, "application/json", FleetJson(_run)),
                        "/" => (200, "text/html; charset=utf-8", FleetPage.Render(_run)),
                        _ => (404, "text/plain", "not found; try /fleet or /\n"),
                    };
                var bytes = Encoding.UTF8.GetBytes(body);
                var header = string.Create(CultureInfo.InvariantCulture,
                    $"HTTP/1.1 {status} {(status == 200 ? "OK" : "Error")}\r\nContent-Type: {type}\r\nContent-Length: {bytes.Length}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(header), timeout.Token).ConfigureAwait(false);
                await stream.WriteAsync(bytes, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or was too slow; nothing to answer.
            }
        }
    }
}
