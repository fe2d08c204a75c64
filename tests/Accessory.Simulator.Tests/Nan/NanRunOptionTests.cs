using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Nan;

/// <summary>`run`'s NAN options refuse mistakes before the device starts, each with its own message.</summary>
public sealed class NanRunOptionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("--nan-publish", "sometimes", "--nan-publish must be 'always', 'online' or 'unprovisioned', not 'sometimes'")]
    [InlineData("--nan", "radio", "--nan must be 'simulated' or 'wpa-supplicant', not 'radio'")]
    public void A_bad_value_is_a_clear_error(string option, string value, string message)
    {
        using var dir = new TempDirectory();
        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "run", "--data-dir", dir.Path, "--http-port", "0", "--nan-interface", "nan-test", option, value);

        Assert.Equal(2, cli.WaitForExit(Patience));
        Assert.Contains(cli.StderrLines, l => l.StartsWith("error: ", StringComparison.Ordinal) && l.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void An_interface_that_does_not_exist_is_named()
    {
        using var dir = new TempDirectory();
        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "run", "--data-dir", dir.Path, "--http-port", "0", "--nan-interface", "nan-none0");

        Assert.Equal(2, cli.WaitForExit(Patience));
        Assert.Contains(cli.StderrLines, l => l.Contains("--nan-interface: there is no network interface named 'nan-none0'", StringComparison.Ordinal));
    }
}
