using Accessory.Core.Settings;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Security;

/// <summary><c>accessory-sim settings secret KEY</c>: how the machine's owner gets the token for curl.</summary>
public class SettingsSecretCliTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void Settings_secret_prints_the_stored_token_and_names_a_missing_key()
    {
        using var dir = new TempDirectory();
        using (var show = ChildProcess.Run(BuildPaths.SimulatorCli, "settings", "show", "--data-dir", dir.Path))
        {
            Assert.Equal(0, show.WaitForExit(Patience));
            Assert.Contains(show.StdoutLines, l => l.Contains("api.token", StringComparison.Ordinal) && l.Contains("<redacted>", StringComparison.Ordinal));
        }

        string stored = SettingsCodec.Decode(File.ReadAllBytes(Path.Combine(dir.Path, "settings.bin"))).GetString(SettingKeys.ApiToken)!;
        using var secret = ChildProcess.Run(BuildPaths.SimulatorCli, "settings", "secret", "--data-dir", dir.Path, "api.token");
        Assert.Equal(0, secret.WaitForExit(Patience));
        Assert.Equal([stored], secret.StdoutLines);

        using var missing = ChildProcess.Run(BuildPaths.SimulatorCli, "settings", "secret", "--data-dir", dir.Path, "no.such.key");
        Assert.Equal(2, missing.WaitForExit(Patience));
        Assert.Contains(missing.StderrLines, l => l.StartsWith("error: no setting 'no.such.key'", StringComparison.Ordinal));
    }
}
