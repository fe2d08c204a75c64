using Accessory.Simulator.Tests.Net;
using Accessory.Simulator.Tests.Provisioning;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Security;

/// <summary>
/// A phone gets the local API access token only over an authenticated provisioning session: the documented Python
/// client, run in the phone's namespace against the device's SoftAP address, saves it with --token-file.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class AccessTokenProvisioningTests
{
    [NamespaceTheory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task The_api_token_endpoint_gives_the_token_over_the_secure_session_and_it_is_saved_0600(int security)
    {
        var options = security == 1 ? SoftApDevice.Options(1, pop: "abcd1234") : SoftApDevice.Options(2, password: "right-password");
        await using var softAp = await SoftApDevice.StartAsync(options);
        using var dir = new TempDirectory();
        string tokenFile = Path.Combine(dir.Path, "token");
        string[] credentials = security == 1 ? ["--pop", "abcd1234"] : ["--password", "right-password"];

        var run = softAp.Phone(["--sec", security.ToString(System.Globalization.CultureInfo.InvariantCulture), .. credentials, "--token-file", tokenFile, "--ssid", "HomeNetwork", "--passphrase", SoftApDevice.HomePassphrase]);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.True(run.Has("api-token"), run.Output);
        Assert.Equal(softAp.Device.ApiToken.Value + "\n", File.ReadAllText(tokenFile));
        Assert.Matches("^[0-9a-f]{32}$", softAp.Device.ApiToken.Value);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
        Assert.DoesNotContain(softAp.Device.ApiToken.Value, run.Output, StringComparison.Ordinal);
    }

    [NamespaceFact]
    public async Task Without_the_password_there_is_no_session_and_no_token()
    {
        await using var softAp = await SoftApDevice.StartAsync(SoftApDevice.Options(2, password: "right-password"));
        using var dir = new TempDirectory();
        string tokenFile = Path.Combine(dir.Path, "token");

        var run = softAp.Phone("--sec", "2", "--password", "wrong-password", "--token-file", tokenFile);

        Assert.Equal(2, run.ExitCode);
        Assert.False(File.Exists(tokenFile));
    }
}
