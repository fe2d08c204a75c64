using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Accessory.Simulator.Mqtt;
using Accessory.Simulator.Tests.Mqtt;

namespace Accessory.Simulator.Tests.Security;

/// <summary>The embedded broker listens on the one address it is given and nowhere else (no [::] beside 127.0.0.1).</summary>
public class BrokerBindTests
{
    [Fact]
    public async Task The_broker_listens_only_on_its_configured_address()
    {
        int port = FreePort.Next();
        await using var broker = new EmbeddedBroker(port);
        await broker.StartAsync();

        Assert.True(await CanConnectAsync(IPAddress.Loopback, port), "not reachable on 127.0.0.1");
        Assert.False(await CanConnectAsync(IPAddress.IPv6Loopback, port), "reachable on [::1]: an IPv6 wildcard listener is open");
        var listeners = Listeners(port);
        Assert.Equal(["127.0.0.1:" + port], listeners);
    }

    private static async Task<bool> CanConnectAsync(IPAddress address, int port)
    {
        using var client = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await client.ConnectAsync(new IPEndPoint(address, port), limit.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    // ss lists every listening socket on the port, whoever opened it, with its local address as the kernel sees it.
    private static string[] Listeners(int port)
    {
        var start = new ProcessStartInfo("/usr/bin/ss", ["-Hltn", "sport = :" + port]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var ss = Process.Start(start)!;
        string output = ss.StandardOutput.ReadToEnd();
        ss.WaitForExit();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3])
            .ToArray();
    }
}
