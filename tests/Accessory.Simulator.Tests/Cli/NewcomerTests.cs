using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Accessory.Simulator.Tests.Mqtt;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Cli;

/// <summary>
/// A newcomer's first hour, with the real CLI process: what the banner says, whether the commands it and the docs
/// print work as printed, and a quiet Ctrl+C.
/// </summary>
public sealed partial class NewcomerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void Ctrl_c_while_provisioning_is_open_stops_quietly_in_order()
    {
        using var dir = new TempDirectory();
        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, ["run", "--data-dir", dir.Path, .. IsolatedPorts(), "--http-port", "0"]);
        Assert.True(cli.WaitForLine(l => l.StartsWith("ready", StringComparison.Ordinal), Patience), cli.AllOutput);

        cli.Interrupt();

        Assert.Equal(0, cli.WaitForExit(Patience));
        Assert.DoesNotContain(cli.StderrLines, l => l.Contains(" fail:", StringComparison.Ordinal) || l.Contains(" crit:", StringComparison.Ordinal)
            || l.Contains("Exception", StringComparison.Ordinal) || l.Contains("disposed object", StringComparison.Ordinal));
        var lines = cli.StderrLines.ToList();
        int httpStopped = lines.FindIndex(l => l.Contains("provisioning HTTP server stopped", StringComparison.Ordinal));
        int deviceStopped = lines.FindIndex(l => l.EndsWith(" stopped", StringComparison.Ordinal) && l.Contains("Accessory.device", StringComparison.Ordinal));
        Assert.True(httpStopped >= 0 && deviceStopped > httpStopped, string.Join('\n', lines));
    }

    [Fact]
    public void The_banner_says_the_qr_pop_is_the_sec2_password_and_its_next_step_provisions_the_device_as_printed()
    {
        using var dir = new TempDirectory();
        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, ["run", "--data-dir", dir.Path, .. IsolatedPorts(), "--http-port", "0"]);
        Assert.True(cli.WaitForLine(l => l.StartsWith("ready", StringComparison.Ordinal), Patience), cli.AllOutput);
        try
        {
            var qr = Assert.Single(cli.StdoutLines, l => l.StartsWith("qr payload: ", StringComparison.Ordinal));
            string password = JsonDocument.Parse(qr["qr payload: ".Length..]).RootElement.GetProperty("pop").GetString()!;
            var credentials = Assert.Single(cli.StdoutLines, l => l.StartsWith("credentials: ", StringComparison.Ordinal));
            Assert.Contains($"password \"{password}\"", credentials, StringComparison.Ordinal);
            Assert.Contains("on sec2 \"pop\" is the password", credentials, StringComparison.Ordinal);

            const string Prefix = "next step (from the repository root): ";
            var next = Assert.Single(cli.StdoutLines, l => l.StartsWith(Prefix, StringComparison.Ordinal));
            var run = Shell(next[Prefix.Length..], TimeSpan.FromSeconds(60));

            Assert.True(run.ExitCode == 0, run.Output);
            Assert.Contains("\"state\": \"Connected\"", run.Output, StringComparison.Ordinal);
        }
        finally
        {
            cli.Interrupt();
            cli.WaitForExit(Patience);
        }
    }

    [Fact]
    public void The_scripted_example_in_docs_provisioning_md_works_as_printed()
    {
        string doc = File.ReadAllText(Path.Combine(BuildPaths.RepoRoot, "docs", "provisioning.md"));
        var blocks = CodeBlocks().Matches(doc).Select(m => m.Groups[1].Value.Trim()).ToList();
        string start = Assert.Single(blocks, b => b.Contains("--password s3cret-pass", StringComparison.Ordinal) && b.StartsWith("dotnet run", StringComparison.Ordinal));
        string phone = Assert.Single(blocks, b => b.Contains("--password s3cret-pass", StringComparison.Ordinal) && b.StartsWith("/usr/bin/python3", StringComparison.Ordinal));
        const string Launcher = "dotnet run --project simulator/Accessory.Simulator.Cli -- ";
        Assert.StartsWith(Launcher, start, StringComparison.Ordinal);

        // The built CLI stands in for `dotnet run` (same program); only the data folder and the ports the example
        // does not talk to are moved, so parallel tests cannot collide with it.
        using var dir = new TempDirectory();
        string[] arguments = [.. start[Launcher.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries), "--data-dir", dir.Path, .. IsolatedPorts()];
        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, arguments);
        Assert.True(cli.WaitForLine(l => l.StartsWith("ready", StringComparison.Ordinal), Patience), cli.AllOutput);
        try
        {
            var run = Shell(phone, TimeSpan.FromSeconds(60));

            Assert.True(run.ExitCode == 0, run.Output);
            Assert.Contains("\"step\": \"scan\"", run.Output, StringComparison.Ordinal);
            Assert.Contains("\"state\": \"Connected\"", run.Output, StringComparison.Ordinal);
        }
        finally
        {
            cli.Interrupt();
            cli.WaitForExit(Patience);
        }
    }

    internal static string[] IsolatedPorts() =>
        ["--api-port", "0", "--embedded-broker-port", FreePort.Next().ToString(CultureInfo.InvariantCulture), "--control-port", "0"];

    internal static (int ExitCode, string Output) Shell(string command, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("bash", ["-c", command])
        {
            WorkingDirectory = BuildPaths.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    [GeneratedRegex("```sh\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlocks();
}
