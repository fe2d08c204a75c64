using Accessory.Simulator.Faults;
using Accessory.Simulator.Tests.Tls;

namespace Accessory.Simulator.Tests.LocalApi;

/// <summary>
/// tls.chain variants verified by s_client against the trust file the device names for the chain it serves:
/// each broken variant must fail for its own reason, not just fail.
/// </summary>
public sealed class TlsChainFaultTests
{
    [Theory]
    [InlineData("valid", "Verify return code: 0 (ok)")]
    [InlineData("self-signed", "Verify return code: 0 (ok)")]
    [InlineData("missing-intermediate", "unable to get local issuer certificate")]
    [InlineData("expired", "certificate has expired")]
    [InlineData("wrong-hostname", "hostname mismatch")]
    [InlineData("untrusted-root", "self-signed certificate in certificate chain")]
    public async Task Served_chain_verifies_as_its_variant_says(string variant, string expected)
    {
        await using var d = await LocalApiDevice.StartAsync();
        d.Faults.Set(FaultSpec.Parse("tls.chain:variant=" + variant));

        var run = await OpenSslClient.RunWithRequestAsync(
            d.HttpsPort, RawRequests.InfoThenClose, "-CAfile", d.ClientCaFile, "-verify_hostname", "localhost", "-verify_return_error");

        Assert.True(run.Output.Contains(expected, StringComparison.Ordinal), run.Output);
        bool ok = expected.EndsWith("(ok)", StringComparison.Ordinal);
        Assert.True(ok == (run.ExitCode == 0), run.Output);
        Assert.True(ok == run.Output.Contains(d.Id, StringComparison.Ordinal), run.Output);
    }

    [Fact]
    public async Task Curl_trusting_the_test_root_accepts_the_valid_chain()
    {
        await using var d = await LocalApiDevice.StartAsync(null, "tls.chain:variant=valid");

        var run = await CurlProcess.HttpsAsync(d, d.ClientCaFile, "/api/v1/info", "--write-out", "\n%{http_code}");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.EndsWith("\n200", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Curl_rejects_the_expired_chain_as_a_certificate_problem()
    {
        await using var d = await LocalApiDevice.StartAsync(null, "tls.chain:variant=expired");

        var run = await CurlProcess.HttpsAsync(d, d.ClientCaFile, "/api/v1/info");

        Assert.True(run.ExitCode == 60, run.ToString());
        Assert.Contains("expired", run.Stderr, StringComparison.Ordinal);
    }
}
