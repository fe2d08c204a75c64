using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Security;

/// <summary>
/// Two accessories must never share a port: each port option of <c>run</c>, already taken, is one clear error and exit
/// code 2. The port is held with .NET's ReuseAddress (SO_REUSEPORT on Linux), the one case where a listener that also
/// set SO_REUSEPORT would bind silently beside it and the kernel would split connections between the two.
/// </summary>
public class PortClashTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("--http-port")]
    [InlineData("--api-port")]
    [InlineData("--api-http-port")]
    [InlineData("--control-port")]
    [InlineData("--embedded-broker-port")]
    public void A_taken_port_is_one_clear_error_and_exit_code_2(string option)
    {
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        holder.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        holder.Listen(4);
        int taken = ((IPEndPoint)holder.LocalEndPoint!).Port;

        var ports = new Dictionary<string, int>
        {
            ["--http-port"] = 0,
            ["--api-port"] = 0,
            ["--api-http-port"] = 0,
            ["--control-port"] = 0,
            ["--embedded-broker-port"] = FreePort(),
        };
        ports[option] = taken;
        using var dir = new TempDirectory();
        var args = new List<string> { "run", "--data-dir", dir.Path, "--timing", "fast" };
        foreach (var (name, port) in ports)
        {
            args.Add(name);
            args.Add(port.ToString(CultureInfo.InvariantCulture));
        }

        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, [.. args]);

        Assert.Equal(2, cli.WaitForExit(Patience));
        var error = Assert.Single(cli.StderrLines, l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains(taken.ToString(CultureInfo.InvariantCulture), error, StringComparison.Ordinal);
        Assert.DoesNotContain(cli.StdoutLines, l => l.StartsWith("ready", StringComparison.Ordinal));
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
