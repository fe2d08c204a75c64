using System.Net.Sockets;
using System.Text;
using Accessory.Simulator.Faults;

namespace Accessory.Simulator.Tests.Faults;

/// <summary>A started control server on an ephemeral loopback port with its registry, and raw-socket helpers.</summary>
internal sealed class ControlServerFixture : IAsyncDisposable
{
    private ControlServerFixture(ActiveFaults faults, FaultControlServer server)
    {
        Faults = faults;
        Server = server;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public ActiveFaults Faults { get; }

    public FaultControlServer Server { get; }

    public HttpClient Http { get; }

    public string Url => $"http://127.0.0.1:{Server.Port}";

    public static ControlServerFixture Start()
    {
        var faults = new ActiveFaults();
        var server = new FaultControlServer(faults, 0);
        server.Start();
        return new ControlServerFixture(faults, server);
    }

    /// <summary>Sends raw bytes, half-closes, and returns whatever the server answered before closing (bounded).</summary>
    public async Task<string> RawAsync(byte[] bytes)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Server.Port);
        var stream = client.GetStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await stream.WriteAsync(bytes, timeout.Token);
        client.Client.Shutdown(SocketShutdown.Send);
        var answer = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while (answer.Length < 1 << 20 && (read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            answer.Write(buffer, 0, read);
        }

        return Encoding.UTF8.GetString(answer.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
