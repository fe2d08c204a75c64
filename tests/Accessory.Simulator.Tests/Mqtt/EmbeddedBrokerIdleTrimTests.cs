using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Accessory.Core.Ports;
using Accessory.Simulator.Mqtt;

namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>
/// The embedded broker gives its memory back only once no client connection is open, and every client's leaving
/// counts, however it left. How much it gives back is measured by `bench broker-soak`, not here.
/// </summary>
public sealed class EmbeddedBrokerIdleTrimTests
{
    private static readonly TimeSpan Bound = EmbeddedBroker.IdleTrimWindow + TimeSpan.FromSeconds(10);

    [Fact]
    public async Task No_trim_while_any_connection_is_open_and_a_trim_once_the_last_has_closed()
    {
        int port = FreePort.Next();
        await using var broker = new EmbeddedBroker(port);
        await broker.StartAsync();
        using var link = new LinkProbe(new MqttNetLink(broker.Uri));
        link.Link.Connect(new MqttSessionOptions("idle-a-" + Guid.NewGuid().ToString("N")[..8], 30, true, string.Empty, [], false));
        Assert.True(link.NextChange().Connected);
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await silent.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));

        // A client that comes and goes while others stay does not make the broker idle.
        DeviceCloudEndToEndTests.Publish(port, "idle/x", "1", null);
        link.Link.Disconnect();
        Assert.False(link.NextChange().Connected);
        await Task.Delay(EmbeddedBroker.IdleTrimDelay * 3);
        Assert.Equal(0, broker.Trims);
        Assert.Equal(1, broker.OpenConnections);

        // The silent connection (no CONNECT yet, so never an MQTT client) was the last one open.
        silent.Dispose();
        Assert.True(await WaitAsync(() => broker.Trims >= 1), "no trim after the last connection closed");
        Assert.Equal(0, broker.OpenConnections);
        Assert.Equal(0, await broker.SessionCountAsync());
    }

    [Fact]
    public async Task Clients_that_leave_in_the_middle_of_connecting_do_not_cancel_the_later_trims()
    {
        int port = FreePort.Next();
        await using var broker = new EmbeddedBroker(port);
        await broker.StartAsync();
        var connect = ConnectPacket("half-" + Guid.NewGuid().ToString("N")[..8]);
        for (int i = 0; i < 20; i++)
        {
            // CONNECT and gone at once: MQTTnet may fail its CONNACK and report a disconnect with no connect.
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            await client.SendAsync(connect, SocketFlags.None);
            client.LingerState = new LingerOption(true, 0);
            client.Close();
            if (i % 5 == 0)
            {
                DeviceCloudEndToEndTests.Publish(port, "idle/y", "1", null);
            }
        }

        // All three steps of one idle period, none cancelled.
        Assert.True(await WaitAsync(() => broker.Trims >= 3), $"trims {broker.Trims}, open connections {broker.OpenConnections}");
        Assert.Equal(0, await broker.SessionCountAsync());
    }

    private static async Task<bool> WaitAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Bound)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    // MQTT 3.1.1 CONNECT, clean session, keep-alive 30 s.
    private static byte[] ConnectPacket(string clientId)
    {
        var id = System.Text.Encoding.ASCII.GetBytes(clientId);
        var variable = new List<byte> { 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4, 0x02, 0, 30, 0, (byte)id.Length };
        variable.AddRange(id);
        return [0x10, (byte)variable.Count, .. variable];
    }
}
