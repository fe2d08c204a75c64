using System.Text.RegularExpressions;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Qa;

/// <summary>
/// `accessory-sim provision` over SoftAP/HTTP as real processes against a running `accessory-sim run`: the outcome
/// words and exit codes of docs/qa.md (0 Connected, 1 any other outcome, 2 bad options), and a wrong passphrase
/// leaves the device ready for a retry.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class ProvisionCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void Provisioning_over_http_reports_the_outcome_word_and_exit_code_and_a_retry_succeeds()
    {
        using var dir = new TempDirectory();
        using var device = ChildProcess.Run(BuildPaths.SimulatorCli, "run", "--data-dir", dir.Path, "--sec", "2", "--password", "s3cret-pass", "--http-port", "0", "--api-port", "0", "--control-port", "0", "--no-cloud", "--timing", "fast");
        Assert.True(device.WaitForLine(l => l.StartsWith("provisioning: http://", StringComparison.Ordinal), Patience), device.AllOutput);
        string host = Address().Match(device.StdoutLines.First(l => l.StartsWith("provisioning: http://", StringComparison.Ordinal))).Value;

        using (var wrongSession = ChildProcess.Run(BuildPaths.SimulatorCli, "provision", "--host", host, "--sec", "2", "--password", "not-it", "--ssid", "HomeNetwork", "--passphrase", "correct horse battery"))
        {
            Assert.Equal(1, wrongSession.WaitForExit(Patience));
            Assert.Contains("outcome:   SessionRefused", wrongSession.StdoutLines);
        }

        using (var wrongPassphrase = ChildProcess.Run(BuildPaths.SimulatorCli, "provision", "--host", host, "--sec", "2", "--password", "s3cret-pass", "--ssid", "HomeNetwork", "--passphrase", "wrong-passphrase"))
        {
            Assert.Equal(1, wrongPassphrase.WaitForExit(Patience));
            Assert.Contains("status:    ConnectionFailed (AuthError)", wrongPassphrase.StdoutLines);
            Assert.Contains("outcome:   AuthError", wrongPassphrase.StdoutLines);
            Assert.DoesNotContain("wrong-passphrase", wrongPassphrase.AllOutput, StringComparison.Ordinal);
        }

        string tokenFile = Path.Combine(dir.Path, "phone-token");
        using (var right = ChildProcess.Run(BuildPaths.SimulatorCli, "provision", "--host", host, "--sec", "2", "--password", "s3cret-pass", "--ssid", "HomeNetwork", "--passphrase", "correct horse battery", "--token-file", tokenFile))
        {
            Assert.Equal(0, right.WaitForExit(Patience));
            Assert.Contains("outcome:   Connected", right.StdoutLines);
            Assert.DoesNotContain("s3cret-pass", right.AllOutput, StringComparison.Ordinal);

            // The phone got the device's access token inside the session: saved for its owner only, never printed.
            string token = File.ReadAllText(tokenFile).Trim();
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
            Assert.DoesNotContain(token, right.AllOutput, StringComparison.Ordinal);
            using var stored = ChildProcess.Run(BuildPaths.SimulatorCli, "settings", "secret", "--data-dir", dir.Path, "api.token");
            Assert.Equal(0, stored.WaitForExit(Patience));
            Assert.Equal(token, stored.StdoutLines.Single().Trim());
        }

        device.Interrupt();
        device.WaitForExit(Patience);
    }

    [Theory]
    [InlineData("--sec", "3", "--sec must be 0, 1 or 2, not 3")]
    [InlineData("--host", "ftp://x/y", "is not HOST:PORT")]
    public void Bad_options_are_exit_2_with_a_clear_message(string option, string value, string message)
    {
        var args = new List<string> { "provision", "--ssid", "HomeNetwork", "--sec", "0", "--host", "127.0.0.1:1" };
        int at = args.IndexOf(option);
        args[at + 1] = value;
        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, args.ToArray());

        Assert.Equal(2, cli.WaitForExit(Patience));
        Assert.Contains(cli.StderrLines, l => l.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void An_unreachable_device_is_a_transport_error_with_exit_1()
    {
        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "provision", "--host", "127.0.0.1:1", "--sec", "0", "--ssid", "HomeNetwork");

        Assert.Equal(1, cli.WaitForExit(Patience));
        Assert.Contains("outcome:   TransportError", cli.StdoutLines);
    }

    [GeneratedRegex(@"127\.0\.0\.1:\d+")]
    private static partial Regex Address();
}
