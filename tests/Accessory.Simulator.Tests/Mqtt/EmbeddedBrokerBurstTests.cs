using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Accessory.Simulator.Mqtt;

namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>
/// A connect burst far larger than the gate's old accept queue (64; MQTTnet's own was 100) all gets through: every
/// link gets its CONNACK, and no handshake had to be retransmitted, which is what a full accept queue causes (the
/// kernel drops the SYN; in a 5,000-link burst some were later reset before their CONNACK).
/// </summary>
public sealed class EmbeddedBrokerBurstTests
{
    private const int Burst = 1000;

    // struct tcp_info's tcpi_total_retrans: every segment the socket retransmitted, SYNs included.
    private const int TcpInfo = 11;
    private const int TotalRetransOffset = 100;

    [Fact]
    public async Task A_burst_larger_than_the_old_backlog_all_connects_without_a_dropped_handshake()
    {
        await using var broker = new EmbeddedBroker(FreePort.Next());
        await broker.StartAsync();
        var gate = new IPEndPoint(IPAddress.Loopback, broker.Port);
        var sockets = Enumerable.Range(0, Burst).Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).ToArray();
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await Task.WhenAll(sockets.Select(s => s.ConnectAsync(gate, limit.Token).AsTask()));
            string run = Guid.NewGuid().ToString("N")[..8];
            var acks = await Task.WhenAll(sockets.Select((s, i) => ConnectMqttAsync(s, "burst-" + run + "-" + i.ToString(CultureInfo.InvariantCulture), limit.Token)));

            Assert.Equal(Burst, acks.Count(a => a));
            int retransmitted = sockets.Count(s => TotalRetransmits(s) > 0);
            Assert.True(retransmitted == 0, retransmitted + " of " + Burst + " connections retransmitted (a full accept queue dropped their SYN)");
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    [Fact]
    public async Task Both_listeners_queue_at_least_the_kernel_maximum()
    {
        await using var broker = new EmbeddedBroker(FreePort.Next());
        await broker.StartAsync();
        int somaxconn = int.Parse(File.ReadAllText("/proc/sys/net/core/somaxconn").Trim(), CultureInfo.InvariantCulture);

        Assert.Equal(somaxconn, ListenBacklog(broker.Port));
        Assert.Equal(somaxconn, ListenBacklog(broker.InnerEndPoint!.Port));
    }

    private static async Task<bool> ConnectMqttAsync(Socket socket, string clientId, CancellationToken cancel)
    {
        byte[] id = Encoding.ASCII.GetBytes(clientId);
        var packet = new List<byte> { 0x10, (byte)(12 + id.Length), 0, 4 };
        packet.AddRange("MQTT"u8.ToArray());
        packet.AddRange([4, 0x02, 0, 60, (byte)(id.Length >> 8), (byte)id.Length]);
        packet.AddRange(id);
        await socket.SendAsync(packet.ToArray(), SocketFlags.None, cancel);
        var connack = new byte[4];
        int have = 0;
        while (have < connack.Length)
        {
            int read = await socket.ReceiveAsync(connack.AsMemory(have), SocketFlags.None, cancel);
            if (read == 0)
            {
                return false;
            }

            have += read;
        }

        return connack[0] == 0x20 && connack[3] == 0;
    }

    private static int TotalRetransmits(Socket socket)
    {
        var info = new byte[232];
        int length = socket.GetRawSocketOption((int)SocketOptionLevel.Tcp, TcpInfo, info);
        Assert.True(length >= TotalRetransOffset + 4, "tcp_info too short: " + length);
        return BitConverter.ToInt32(info, TotalRetransOffset);
    }

    // For a listening socket ss shows the accept queue's limit as Send-Q.
    private static int ListenBacklog(int port)
    {
        var start = new ProcessStartInfo("/usr/bin/ss", ["-Hltn", "sport = :" + port]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var ss = Process.Start(start)!;
        string output = ss.StandardOutput.ReadToEnd();
        ss.WaitForExit();
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single();
        return int.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2], CultureInfo.InvariantCulture);
    }
}
