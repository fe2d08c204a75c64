using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Accessory.Simulator.Tests.LocalApi;

/// <summary>.NET's ClientWebSocket on /api/v1/events over TLS, trusting exactly the device's certificate.</summary>
internal sealed class EventsClient : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private EventsClient(ClientWebSocket socket)
    {
        Socket = socket;
    }

    public ClientWebSocket Socket { get; }

    public static async Task<EventsClient> ConnectAsync(LocalApiDevice device, TimeSpan? keepAlive = null, TimeSpan? keepAliveTimeout = null)
    {
        var trusted = X509CertificateLoader.LoadCertificateFromFile(device.ClientCaFile);
        var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(trusted.RawData);
        socket.Options.KeepAliveInterval = keepAlive ?? TimeSpan.Zero;
        socket.Options.SetRequestHeader("Authorization", "Bearer " + device.Token);
        if (keepAliveTimeout is { } timeout)
        {
            socket.Options.KeepAliveTimeout = timeout;
        }

        using var limit = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(new Uri("wss://localhost:" + device.HttpsPort + "/api/v1/events"), limit.Token);
        return new EventsClient(socket);
    }

    /// <summary>The next text message; throws what ClientWebSocket throws when the connection ends badly.</summary>
    public async Task<string?> ReceiveAsync(TimeSpan? within = null)
    {
        var buffer = new byte[8192];
        using var limit = new CancellationTokenSource(within ?? Patience);
        var text = new StringBuilder();
        while (true)
        {
            var result = await Socket.ReceiveAsync(buffer, limit.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            if (result.EndOfMessage)
            {
                return text.ToString();
            }
        }
    }

    public void Dispose() => Socket.Dispose();
}
