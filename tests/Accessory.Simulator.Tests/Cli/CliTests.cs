using Accessory.Core.Settings;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Cli;

/// <summary>The accessory-sim command as a user meets it: a real child process.</summary>
[Collection(DefaultPortsGroup.Name)]
public class CliTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void Help_lists_the_commands()
    {
        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "--help");

        Assert.Equal(0, cli.WaitForExit(Patience));
        Assert.Contains(cli.StdoutLines, l => l.TrimStart().StartsWith("run ", StringComparison.Ordinal));
        Assert.Contains(cli.StdoutLines, l => l.TrimStart().StartsWith("settings ", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_option_is_a_clear_error_with_a_non_zero_exit()
    {
        using var dir = new TempDirectory();
        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "run", "--data-dir", dir.Path, "--frobnicate");

        Assert.NotEqual(0, cli.WaitForExit(Patience));
        Assert.Contains(cli.StderrLines, l => l.Contains("Unrecognized command or argument '--frobnicate'", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Run_starts_a_device_prints_what_it_exposes_and_stops_cleanly_on_ctrl_c()
    {
        using var dir = new TempDirectory();
        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "run", "--data-dir", dir.Path);

        Assert.True(cli.WaitForLine(l => l.StartsWith("ready", StringComparison.Ordinal), Patience), cli.AllOutput);
        cli.Interrupt();

        Assert.Equal(0, cli.WaitForExit(Patience));
        var device = Assert.Single(cli.StdoutLines, l => l.StartsWith("device:", StringComparison.Ordinal));
        Assert.Matches(@"^device:\s+PROV_[0-9A-F]{6} \(id [0-9A-F]{12}\)$", device);
        Assert.Contains(cli.StdoutLines, l => l == "state:    provisioning");
        Assert.Contains(cli.AllOutput.Split('\n'), l => l.EndsWith(" stopped", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(dir.Path, "settings.bin")));
    }

    [Fact]
    public void The_identity_survives_a_restart()
    {
        using var dir = new TempDirectory();
        string first = DeviceLine(dir.Path);
        string second = DeviceLine(dir.Path);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Run_with_a_corrupted_store_warns_once_moves_it_aside_and_starts_unprovisioned()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(Path.Combine(dir.Path, "settings.bin"), "ACS1 but torn"u8.ToArray());
        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "run", "--data-dir", dir.Path);

        Assert.True(cli.WaitForLine(l => l.StartsWith("ready", StringComparison.Ordinal), Patience), cli.AllOutput);
        cli.Interrupt();
        Assert.Equal(0, cli.WaitForExit(Patience));

        Assert.Single(cli.AllOutput.Split('\n'), l => l.Contains("stored settings are unreadable", StringComparison.Ordinal));
        Assert.Contains(cli.StdoutLines, l => l.StartsWith("warning:  stored settings were unreadable", StringComparison.Ordinal));
        Assert.Contains(cli.StdoutLines, l => l == "state:    provisioning");
        Assert.Single(Directory.GetFiles(dir.Path, "settings.bin.corrupt-*.reason.txt"));
    }

    [Fact]
    public void Settings_show_redacts_secrets()
    {
        using var dir = new TempDirectory();
        var settings = new DeviceSettings();
        settings.SetBytes(SettingKeys.WifiSsid, "HomeNet"u8.ToArray());
        settings.SetBytes(SettingKeys.WifiPassphrase, "sup3r-secret-pass"u8.ToArray());
        File.WriteAllBytes(Path.Combine(dir.Path, "settings.bin"), SettingsCodec.Encode(settings));

        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "settings", "show", "--data-dir", dir.Path);

        Assert.Equal(0, cli.WaitForExit(Patience));
        Assert.Contains(cli.StdoutLines, l => l.Contains("wifi.passphrase", StringComparison.Ordinal) && l.Contains("<redacted>", StringComparison.Ordinal));
        Assert.Contains(cli.StdoutLines, l => l.Contains("wifi.ssid", StringComparison.Ordinal) && l.EndsWith("\"HomeNet\"", StringComparison.Ordinal));
        Assert.DoesNotContain("sup3r", cli.AllOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x43, 0x61, 0x66, 0xC3, 0xA9 }, "\"Caf\u00e9\"")]
    [InlineData(new byte[] { 0x48, 0xFF, 0x69 }, "0x48FF69 (3 bytes, not printable UTF-8)")]
    [InlineData(new byte[] { 0x48, 0x0A, 0x69 }, "0x480A69 (3 bytes, not printable UTF-8)")]
    public void Settings_show_prints_an_ssid_as_text_when_it_is_printable_utf8_and_as_marked_hex_otherwise(byte[] ssid, string expected)
    {
        using var dir = new TempDirectory();
        var settings = new DeviceSettings();
        settings.SetBytes(SettingKeys.WifiSsid, ssid);
        File.WriteAllBytes(Path.Combine(dir.Path, "settings.bin"), SettingsCodec.Encode(settings));

        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "settings", "show", "--data-dir", dir.Path);

        Assert.Equal(0, cli.WaitForExit(Patience));
        var line = Assert.Single(cli.StdoutLines, l => l.TrimStart().StartsWith("wifi.ssid", StringComparison.Ordinal));
        Assert.EndsWith(" " + expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_reset_erases_credentials_but_keeps_the_identity()
    {
        using var dir = new TempDirectory();
        string before = DeviceLine(dir.Path);
        var path = Path.Combine(dir.Path, "settings.bin");
        var settings = SettingsCodec.Decode(File.ReadAllBytes(path));
        settings.SetBytes(SettingKeys.WifiSsid, "HomeNet"u8.ToArray());
        File.WriteAllBytes(path, SettingsCodec.Encode(settings));

        using (var reset = ChildProcess.Run(BuildPaths.SimulatorCli, "settings", "reset", "--data-dir", dir.Path))
        {
            Assert.Equal(0, reset.WaitForExit(Patience));
        }

        var after = SettingsCodec.Decode(File.ReadAllBytes(path));
        Assert.False(after.Contains(SettingKeys.WifiSsid));
        Assert.Equal(before, DeviceLine(dir.Path));
    }

    private static string DeviceLine(string dataDir)
    {
        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "run", "--data-dir", dataDir);
        Assert.True(cli.WaitForLine(l => l.StartsWith("ready", StringComparison.Ordinal), Patience), cli.AllOutput);
        cli.Interrupt();
        Assert.Equal(0, cli.WaitForExit(Patience));
        return cli.StdoutLines.Single(l => l.StartsWith("device:", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_prints_the_provisioning_url_and_the_qr_payload_phone_apps_scan()
    {
        using var dir = new TempDirectory();
        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "run", "--data-dir", dir.Path, "--sec", "1", "--pop", "abcd1234", "--http-port", "0", "--timing", "fast");

        Assert.True(cli.WaitForLine(l => l.StartsWith("ready", StringComparison.Ordinal), Patience), cli.AllOutput);
        cli.Interrupt();
        Assert.Equal(0, cli.WaitForExit(Patience));
        Assert.Contains(cli.StdoutLines, l => l.StartsWith("provisioning: http://127.0.0.1:", StringComparison.Ordinal) && l.EndsWith("security 1", StringComparison.Ordinal));
        var payload = Assert.Single(cli.StdoutLines, l => l.StartsWith("qr payload: ", StringComparison.Ordinal));
        Assert.Matches("""^qr payload: \{"ver":"v1","name":"PROV_[0-9A-F]{6}","pop":"abcd1234","transport":"softap"\}$""", payload);
        Assert.Contains(cli.StdoutLines, l => l.Contains('\u2580', StringComparison.Ordinal) || l.Contains('\u2584', StringComparison.Ordinal));
        Assert.DoesNotContain(cli.StderrLines, l => l.Contains("abcd1234", StringComparison.Ordinal));
    }

    [Fact]
    public void A_generated_sec2_password_is_kept_per_device_and_never_logged()
    {
        using var dir = new TempDirectory();
        string first = QrPayload(dir.Path, out var firstLogs);
        string second = QrPayload(dir.Path, out _);

        Assert.Equal(first, second);
        var password = System.Text.Json.JsonDocument.Parse(first).RootElement.GetProperty("pop").GetString()!;
        Assert.Matches("^[0-9a-f]{8}$", password);
        Assert.DoesNotContain(firstLogs, l => l.Contains(password, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--sec", "5", "security scheme 5 does not exist")]
    [InlineData("--bind", "not-an-ip", "--bind 'not-an-ip' is not an IP address")]
    [InlineData("--timing", "warp", "--timing must be 'realistic' or 'fast'")]
    [InlineData("--prov-autostop", "4", "provisioning auto-stop of 4 s is out of range; ESP-IDF allows 5 s at least")]
    public void Bad_provisioning_options_are_clear_errors(string option, string value, string message)
    {
        using var dir = new TempDirectory();
        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "run", "--data-dir", dir.Path, "--http-port", "0", option, value);

        Assert.Equal(2, cli.WaitForExit(Patience));
        Assert.Contains(cli.StderrLines, l => l.StartsWith("error: ", StringComparison.Ordinal) && l.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_broken_radio_environment_file_is_reported_with_its_line()
    {
        using var dir = new TempDirectory();
        var env = Path.Combine(dir.Path, "env.yaml");
        File.WriteAllText(env, "access_points:\n  - ssid: Home\n    bssid: \"zz:00:00:00:00:01\"\n    channel: 6\n");
        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "run", "--data-dir", dir.Path, "--http-port", "0", "--radio-env", env);

        Assert.Equal(2, cli.WaitForExit(Patience));
        Assert.Contains(cli.StderrLines, l => l.StartsWith("error: ", StringComparison.Ordinal) && l.Contains("env.yaml:3", StringComparison.Ordinal));
    }

    private static string QrPayload(string dataDir, out IReadOnlyCollection<string> logs)
    {
        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "run", "--data-dir", dataDir, "--http-port", "0", "--timing", "fast");
        Assert.True(cli.WaitForLine(l => l.StartsWith("ready", StringComparison.Ordinal), Patience), cli.AllOutput);
        cli.Interrupt();
        Assert.Equal(0, cli.WaitForExit(Patience));
        logs = cli.StderrLines;
        return cli.StdoutLines.Single(l => l.StartsWith("qr payload: ", StringComparison.Ordinal))["qr payload: ".Length..];
    }
}
