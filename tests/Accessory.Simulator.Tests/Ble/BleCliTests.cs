using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Ble;

/// <summary>`accessory-sim ble ...` as a real child process against a virtual BLE server in the test process.</summary>
public class BleCliTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Ble_scan_and_gatt_show_the_advertisement_and_the_table_with_handles_properties_and_descriptions()
    {
        await using var link = await LinkHarness.StartAsync();

        var scan = await RunAsync("ble", "scan", "--socket", link.SocketPath);
        var gatt = await RunAsync("ble", "gatt", "--socket", link.SocketPath);

        Assert.Equal(0, scan.ExitCode);
        Assert.Contains("name:     PROV_TEST01", scan.Stdout);
        Assert.Contains("data:     0000fe2c-0000-1000-8000-00805f9b34fb 010203", scan.Stdout);
        Assert.Equal(0, gatt.ExitCode);
        Assert.Contains($"service {TestGatt.ServiceUuid}  handles 1..{link.Gatt.Database.Services[0].EndHandle}", gatt.Stdout);
        var echo = Assert.Single(gatt.Stdout, l => l.Contains(TestGatt.EchoUuid, StringComparison.Ordinal));
        Assert.Matches($@"^  characteristic {TestGatt.EchoUuid}  handle {link.Gatt.Echo.Handle}\s+read write\s+""echo""$", echo);
        Assert.Contains($"    descriptor 00002902-0000-1000-8000-00805f9b34fb  handle {link.Gatt.Notify.ConfigurationHandle}", gatt.Stdout);
        Assert.Contains(gatt.Stdout, l => l.Contains(TestGatt.NotifyUuid, StringComparison.Ordinal) && l.Contains("read notify", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ble_read_prints_a_long_value_and_ble_write_reports_success_or_the_att_error()
    {
        await using var link = await LinkHarness.StartAsync();

        var read = await RunAsync("ble", "read", "--socket", link.SocketPath, TestGatt.LongUuid);
        var manufacturer = await RunAsync("ble", "read", "--socket", link.SocketPath, "2a29");
        var write = await RunAsync("ble", "write", "--socket", link.SocketPath, TestGatt.WriteOnlyUuid, "0a0b");
        var refused = await RunAsync("ble", "write", "--socket", link.SocketPath, TestGatt.LongUuid, "0a0b");

        Assert.Equal(0, read.ExitCode);
        Assert.Equal([Convert.ToHexStringLower(link.Gatt.LongValue)], read.Stdout);
        Assert.Equal([Convert.ToHexStringLower("Accessory Co"u8)], manufacturer.Stdout);
        Assert.Equal($"wrote 2 bytes to handle {link.Gatt.WriteOnly.Handle}", Assert.Single(write.Stdout));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("ATT error 0x03", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ble_commands_fail_clearly_without_a_server_or_with_a_bad_uuid()
    {
        await using var link = await LinkHarness.StartAsync();

        var missing = await RunAsync("ble", "gatt", "--socket", link.SocketPath + ".missing");
        var badUuid = await RunAsync("ble", "read", "--socket", link.SocketPath, "not-a-uuid");

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains($"error: cannot connect to {link.SocketPath}.missing", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, badUuid.ExitCode);
        Assert.Contains("'not-a-uuid' is not a UUID", badUuid.Stderr, StringComparison.Ordinal);
    }

    private static async Task<CliRun> RunAsync(params string[] args)
    {
        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, args);
        int exit = await Task.Run(() => cli.WaitForExit(Patience));
        return new CliRun(exit, cli.StdoutLines.ToList(), string.Join('\n', cli.StderrLines));
    }

    private sealed record CliRun(int ExitCode, IReadOnlyList<string> Stdout, string Stderr);
}
