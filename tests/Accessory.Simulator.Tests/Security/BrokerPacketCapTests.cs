using System.Net;
using System.Net.Sockets;
using Accessory.Simulator.Mqtt;
using Accessory.Simulator.Tests.Mqtt;

namespace Accessory.Simulator.Tests.Security;

/// <summary>Before anyone has logged in, the embedded broker reserves nothing for what a packet merely announces.</summary>
public class BrokerPacketCapTests
{
    [Theory]
    [InlineData(new byte[] { 0x10, 0xFF, 0xFF, 0xFF, 0x7F })] // CONNECT announcing 256 MB
    [InlineData(new byte[] { 0x30, 0x0A })] // a PUBLISH before any CONNECT
    [InlineData(new byte[] { 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })] // a remaining length of five bytes
    public async Task A_huge_or_out_of_order_first_packet_is_cut_off_without_reserving_memory(byte[] first)
    {
        int port = FreePort.Next();
        await using var broker = new EmbeddedBroker(port, null, new BrokerCredentials("dev", "pw"));
        await broker.StartAsync();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var clients = new List<Socket>();
        try
        {
            for (int i = 0; i < 4; i++)
            {
                var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                clients.Add(client);
                await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
                await client.SendAsync(first, SocketFlags.None);
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                Assert.True(await CutOffAsync(client, limit.Token), "the broker kept the connection open");
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }

        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 64L * 1024 * 1024, "memory was reserved for the announced packets");
        Assert.True(broker.IsRunning);
        Assert.Equal(0, DeviceCloudEndToEndTests.Publish(port, "t", "still serving", new BrokerCredentials("dev", "pw")));
    }

    // Closed (FIN) or, with the client's unread bytes still queued, reset: either way cut off, with nothing sent.
    private static async Task<bool> CutOffAsync(Socket client, CancellationToken cancellation)
    {
        try
        {
            return await client.ReceiveAsync(new byte[16], SocketFlags.None, cancellation) == 0;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }
}
