using Accessory.Simulator.Tests.Tls;

namespace Accessory.Simulator.Tests.LocalApi;

/// <summary>tls.version narrows what the device accepts; s_client pinned to one version must fail or succeed accordingly.</summary>
public sealed class TlsVersionFaultTests
{
    [Theory]
    [InlineData("tls.version:min=1.3", "-tls1_2", false)]
    [InlineData("tls.version:min=1.3", "-tls1_3", true)]
    [InlineData("tls.version:max=1.2", "-tls1_3", false)]
    [InlineData("tls.version:max=1.2", "-tls1_2", true)]
    public async Task Only_versions_in_range_complete_a_handshake(string fault, string clientVersion, bool accepted)
    {
        await using var d = await LocalApiDevice.StartAsync(null, fault);

        var run = await OpenSslClient.RunWithRequestAsync(d.HttpsPort, RawRequests.InfoThenClose, clientVersion);

        if (accepted)
        {
            Assert.True(run.ExitCode == 0, run.Output);
            Assert.Contains(d.Id, run.Output, StringComparison.Ordinal);
        }
        else
        {
            Assert.True(run.ExitCode != 0, run.Output);
            Assert.Contains("alert protocol version", run.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(d.Id, run.Output, StringComparison.Ordinal);
        }
    }
}
