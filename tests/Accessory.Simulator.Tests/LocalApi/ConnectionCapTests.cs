using System.Net;
using System.Net.Sockets;
using System.Text;
using Accessory.Core.Device;
using Accessory.Simulator.LocalApi;

namespace Accessory.Simulator.Tests.LocalApi;

/// <summary>
/// The simulator's cap on open local-API connections, with real sockets: every connection up to the cap is served,
/// the next plain-HTTP client reads a 503 with Retry-After, the next TLS client gets a clean end before any
/// handshake, and a slot given back is served again; the device stays online throughout.
/// </summary>
public sealed class ConnectionCapTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Past_the_cap_plain_http_reads_503_tls_gets_a_clean_end_and_a_freed_slot_is_served_again()
    {
        await using var d = await LocalApiDevice.StartAsync();
        var held = new List<Socket>();
        try
        {
            for (int i = 0; i < LocalApiLimits.MaxConnections; i++)
            {
                var socket = await ConnectAsync(d.HttpPort);
                held.Add(socket);
                Assert.StartsWith("HTTP/1.1 200 OK", await ExchangeAsync(socket, RawRequests.InfoKeepAlive), StringComparison.Ordinal);
            }

            using (var plain = await ConnectAsync(d.HttpPort))
            {
                string refused = await ExchangeAsync(plain, RawRequests.InfoKeepAlive);
                Assert.StartsWith("HTTP/1.1 503 ", refused, StringComparison.Ordinal);
                Assert.Contains("\r\nRetry-After: ", refused, StringComparison.OrdinalIgnoreCase);
                Assert.Equal(0, await ReceiveAsync(plain, new byte[64]));
            }

            using (var tls = await ConnectAsync(d.HttpsPort))
            {
                // Not even a ServerHello: the connection ends before the handshake the cap exists to refuse.
                await tls.SendAsync(new byte[] { 0x16, 0x03, 0x01, 0x00, 0x00 }, SocketFlags.None);
                Assert.Equal(0, await ReceiveAsync(tls, new byte[64]));
            }

            held[0].Dispose();
            held.RemoveAt(0);
            Assert.True(
                await LocalApiDevice.EventuallyAsync(() =>
                {
                    using var again = ConnectAsync(d.HttpPort).GetAwaiter().GetResult();
                    return ExchangeAsync(again, RawRequests.InfoThenClose).GetAwaiter().GetResult().StartsWith("HTTP/1.1 200 OK", StringComparison.Ordinal);
                }),
                "a freed slot was never served");
            Assert.Equal(DeviceState.Online, d.Device.Lifecycle.State);
        }
        finally
        {
            foreach (var socket in held)
            {
                socket.Dispose();
            }
        }
    }

    private static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var limit = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), limit.Token);
        return socket;
    }

    // One response: its head, then as many body bytes as Content-Length says (or up to the end of the connection).
    private static async Task<string> ExchangeAsync(Socket socket, string request)
    {
        await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None);
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            string text = Encoding.UTF8.GetString(received.ToArray());
            int headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headEnd >= 0)
            {
                int length = ContentLength(text[..headEnd]);
                if (length >= 0 && received.Count >= headEnd + 4 + length)
                {
                    return text;
                }
            }

            int read = await ReceiveAsync(socket, buffer);
            if (read == 0)
            {
                return text;
            }

            received.AddRange(buffer.AsSpan(0, read).ToArray());
        }
    }

    private static int ContentLength(string head)
    {
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }

    private static async Task<int> ReceiveAsync(Socket socket, byte[] buffer)
    {
        using var limit = new CancellationTokenSource(Patience);
        return await socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token);
    }
}
