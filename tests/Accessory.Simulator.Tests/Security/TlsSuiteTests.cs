using System.Diagnostics;
using System.Globalization;
using Accessory.Simulator.Tests.LocalApi;

namespace Accessory.Simulator.Tests.Security;

/// <summary>What the local API's TLS 1.2 offers, asked with openssl s_client: forward-secret AEAD suites only.</summary>
public class TlsSuiteTests
{
    [Theory]
    [InlineData("ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:AES128-SHA", false)]
    [InlineData("ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:AES256-SHA256", false)]
    [InlineData("AES128-GCM-SHA256", false)]
    [InlineData("ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256", true)]
    [InlineData("ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305", true)]
    public async Task Tls12_offers_only_ecdhe_aead_suites(string clientSuites, bool accepted)
    {
        await using var d = await LocalApiDevice.StartAsync();

        var (exit, output) = await SClientAsync(d.HttpsPort, clientSuites);

        Assert.True(accepted == (exit == 0), $"s_client -tls1_2 -cipher {clientSuites}: exit {exit}\n{output}");
        if (accepted)
        {
            Assert.Matches(@"Ciphersuite: ECDHE-(ECDSA|RSA)-(AES128-GCM-SHA256|CHACHA20-POLY1305)", output);
        }
    }

    private static async Task<(int Exit, string Output)> SClientAsync(int port, string suites)
    {
        var start = new ProcessStartInfo("/usr/bin/openssl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "s_client", "-connect", "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture), "-tls1_2", "-cipher", suites, "-brief" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
