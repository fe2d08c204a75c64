using System.Diagnostics;
using System.Text.Json;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Cli;

/// <summary>What a newcomer runs before any code: test.sh's package step and the SDK the repository pins.</summary>
public sealed class RepositoryToolingTests
{
    [Fact]
    public void A_failing_apt_get_in_test_sh_does_not_leave_policy_rc_d_behind()
    {
        using var dir = new TempDirectory("accessory-testsh");
        string bin = Path.Combine(dir.Path, "bin");
        Directory.CreateDirectory(bin);
        string policy = Path.Combine(dir.Path, "policy-rc.d");
        string seen = Path.Combine(dir.Path, "policy-seen");

        // Stand-ins for Debian's tools: every package is missing, and the install fails as apt-get does offline.
        Script(Path.Combine(bin, "dpkg-query"), "exit 1");
        Script(Path.Combine(bin, "apt-get"), $"""
            [ "$1" = update ] && exit 0
            [ -x "{policy}" ] && echo present > "{seen}"
            echo "E: Unable to locate package" >&2
            exit 100
            """);
        Script(Path.Combine(bin, "sudo"), "exec \"$@\"");

        var start = new ProcessStartInfo("bash", [Path.Combine(BuildPaths.RepoRoot, "test.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["ACCESSORY_POLICY_RC_D"] = policy;
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "test.sh did not stop");

        Assert.NotEqual(0, process.ExitCode);
        Assert.True(File.Exists(seen), "policy-rc.d was not in place while apt-get ran: " + output);
        Assert.False(File.Exists(policy), "test.sh left policy-rc.d behind after apt-get failed: " + output);
    }

    [Fact]
    public void Global_json_pins_the_dotnet_10_sdk_and_rolls_forward_only_to_later_feature_bands()
    {
        string path = Path.Combine(BuildPaths.RepoRoot, "global.json");
        Assert.True(File.Exists(path), "no global.json at the repository root");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var sdk = json.RootElement.GetProperty("sdk");
        Assert.Equal("latestFeature", sdk.GetProperty("rollForward").GetString());
        string pinned = sdk.GetProperty("version").GetString()!;
        Assert.StartsWith("10.0.", pinned, StringComparison.Ordinal);

        // The SDK that builds here satisfies the pin (dotnet refuses to start when it does not).
        var start = new ProcessStartInfo("dotnet", ["--version"]) { WorkingDirectory = BuildPaths.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        using var dotnet = Process.Start(start)!;
        string version = dotnet.StandardOutput.ReadToEnd().Trim();
        Assert.True(dotnet.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, dotnet.ExitCode);
        Assert.True(Version.Parse(version) >= Version.Parse(pinned), $"SDK {version} is below the pinned {pinned}");
        Assert.Equal(Version.Parse(pinned).Major, Version.Parse(version).Major);
    }

    [Fact]
    public async Task The_readme_way_of_installing_accessory_sim_puts_it_on_path()
    {
        string readme = File.ReadAllText(Path.Combine(BuildPaths.RepoRoot, "README.md"));
        var block = System.Text.RegularExpressions.Regex.Matches(readme, "```sh\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value)
            .Single(b => b.Contains("dotnet tool install --global", StringComparison.Ordinal));
        Assert.Contains("accessory-sim --help", block, StringComparison.Ordinal);

        // Run as printed, from the repository root, for a user whose home is a fresh folder: the global tool lands
        // there, not in this machine's real ~/.dotnet/tools.
        using var home = new TempDirectory("accessory-home");
        var start = new ProcessStartInfo("bash", ["-c", "set -euo pipefail\n" + block])
        {
            WorkingDirectory = BuildPaths.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["HOME"] = home.Path;
        start.Environment["DOTNET_CLI_HOME"] = home.Path;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var limit = new CancellationTokenSource(TimeSpan.FromMinutes(8)))
        {
            await process.WaitForExitAsync(limit.Token);
        }

        string printed = await stdout;
        string output = printed + await stderr;

        Assert.True(process.ExitCode == 0, output);
        Assert.True(File.Exists(Path.Combine(home.Path, ".dotnet", "tools", "accessory-sim")), output);
        Assert.Contains("run", printed, StringComparison.Ordinal);
        Assert.Contains("settings", printed, StringComparison.Ordinal);
    }

    private static void Script(string path, string body)
    {
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        Assert.True(OperatingSystem.IsLinux(), "test.sh runs on Debian");
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
