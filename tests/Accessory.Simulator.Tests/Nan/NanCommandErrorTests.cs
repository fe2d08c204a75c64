using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Nan;

/// <summary>`nan subscribe` and `nan radio` refuse mistakes with one line naming them, never a stack trace.</summary>
public sealed class NanCommandErrorTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1, "cannot open the NAN medium on nan-none0: no interface named 'nan-none0'", "subscribe", "_accessory._tcp", "--interface", "nan-none0")]
    [InlineData(2, "'_bad name._tcp' is not a NAN service name: the service name has a character outside the allowed set", "subscribe", "_bad name._tcp", "--interface", "lo")]
    [InlineData(2, "--interface is required", "subscribe", "_accessory._tcp")]
    [InlineData(2, "--seconds must be within", "subscribe", "_accessory._tcp", "--interface", "lo", "--seconds", "0")]
    [InlineData(1, "cannot open the NAN medium on nan-none0: no interface named 'nan-none0'", "radio", "--interface", "nan-none0")]
    [InlineData(2, "--interface is required", "radio")]
    [InlineData(1, "bytes a Unix socket path may have: choose a shorter folder", "radio", "--interface", "lo", "--seconds", "1", "--ctrl-dir",
        "/tmp/a-control-folder-far-too-long-for-a-unix-socket-address-because-sun-path-holds-only-one-hundred-and-eight-bytes")]
    public void A_mistake_is_one_clear_line(int exitCode, string message, params string[] arguments)
    {
        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, ["nan", .. arguments]);

        Assert.Equal(exitCode, cli.WaitForExit(Patience));
        var error = Assert.Single(cli.StderrLines, l => l.Length > 0);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
