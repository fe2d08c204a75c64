using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Accessory.Simulator.Faults;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Faults;

/// <summary>`accessory-sim faults` as a real child process against a real control server.</summary>
public class FaultsCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Set_list_and_clear_through_the_cli()
    {
        await using var api = ControlServerFixture.Start();

        var set = Cli(api, "set", "http.status:code=429,count=2", "ws.close:reason=\"bye, now\"");
        Assert.Equal(0, set.Exit);
        Assert.Equal(["http.status", "ws.close"], api.Faults.Snapshot().Select(s => s.Name));
        Assert.Equal("bye, now", api.Faults.Snapshot()[1].GetString("reason"));

        var list = Cli(api, "list");
        Assert.Equal(0, list.Exit);
        Assert.Equal(
            ["NAME         SPEC", "http.status  http.status:code=429,count=2", "ws.close     ws.close:reason=\"bye, now\""],
            list.Stdout);

        Assert.Equal(0, Cli(api, "clear", "ws.close").Exit);
        Assert.Equal(["http.status"], api.Faults.Snapshot().Select(s => s.Name));
        Assert.Equal(0, Cli(api, "clear").Exit);
        Assert.Equal(["no faults active"], Cli(api, "list").Stdout);
    }

    [Fact]
    public async Task A_bad_spec_exits_non_zero_with_the_servers_error_and_changes_nothing()
    {
        await using var api = ControlServerFixture.Start();

        var bad = Cli(api, "set", "ws.no-pong", "server.outage:mode=explode");

        Assert.Equal(1, bad.Exit);
        Assert.Contains(
            "error: line 2: fault 'server.outage': parameter 'mode' cannot be 'explode'; allowed: one of: refuse, blackhole, reset; nothing was changed (HTTP 400)",
            bad.Stderr);
        Assert.Empty(api.Faults.Snapshot());
        var missing = Cli(api, "clear", "ws.no-pong");
        Assert.Equal(1, missing.Exit);
        Assert.Contains("error: fault 'ws.no-pong' is not active (active: none) (HTTP 404)", missing.Stderr);
    }

    [Fact]
    public async Task Catalogue_prints_a_table_per_fault()
    {
        await using var api = ControlServerFixture.Start();

        var catalogue = Cli(api, "catalogue");

        Assert.Equal(0, catalogue.Exit);
        Assert.Contains("ws.no-pong - The WebSocket server stops answering pings.", catalogue.Stdout);
        Assert.Contains(catalogue.Stdout, l => l.StartsWith("  PARAMETER", StringComparison.Ordinal) && l.Contains("DEFAULT", StringComparison.Ordinal));
        Assert.Contains(catalogue.Stdout, l => l.StartsWith("  retry-after", StringComparison.Ordinal) && l.Contains("(none)", StringComparison.Ordinal));
    }

    [Fact]
    public void No_server_on_the_port_is_a_clear_error()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "faults", "list", "--control-port", port.ToString(CultureInfo.InvariantCulture));

        Assert.Equal(2, cli.WaitForExit(Patience));
        Assert.Contains(cli.StderrLines, l => l.StartsWith($"error: no fault control API on 127.0.0.1:{port}", StringComparison.Ordinal));
    }

    private static (int Exit, List<string> Stdout, List<string> Stderr) Cli(ControlServerFixture api, params string[] args)
    {
        using var cli = new ChildProcess(BuildPaths.SimulatorCli, ["faults", .. args, "--control-port", api.Server.Port.ToString(CultureInfo.InvariantCulture)]);
        int exit = cli.WaitForExit(Patience);
        return (exit, [.. cli.StdoutLines], [.. cli.StderrLines]);
    }
}
