using Accessory.Simulator.Faults;
using Accessory.Simulator.LocalApi;

namespace Accessory.Simulator.Tests.LocalApi;

/// <summary>server.outage in its three modes, seen by curl, and the server's recovery when the window ends.</summary>
public sealed class OutageFaultTests
{
    private const string Info = "/api/v1/info";

    [Fact]
    public async Task Refuse_outage_refuses_connections_then_the_api_answers_again()
    {
        await using var d = await LocalApiDevice.StartAsync();
        d.Faults.Set(FaultSpec.Parse("server.outage:mode=refuse,duration=5s"));
        Assert.Equal(OutageMode.Refuse, d.Api.Outage);

        var https = await CurlProcess.HttpsAsync(d, d.ClientCaFile, Info);
        var http = await CurlProcess.HttpAsync(d, Info);

        Assert.True(https.ExitCode == 7, https.ToString());
        Assert.True(http.ExitCode == 7, http.ToString());
        Assert.True(await LocalApiDevice.EventuallyAsync(() => !d.Faults.IsActive("server.outage")), "the outage never ended");
        await AssertAnswersAsync(d);
    }

    [Fact]
    public async Task Reset_outage_resets_new_connections()
    {
        await using var d = await LocalApiDevice.StartAsync();
        d.Faults.Set(FaultSpec.Parse("server.outage:mode=reset,duration=30s"));

        var https = await CurlProcess.HttpsAsync(d, d.ClientCaFile, Info);
        var http = await CurlProcess.HttpAsync(d, Info);

        // Over TLS the reset hits the handshake (35); over plain HTTP it hits the wait for a response (56). Either
        // way it must read as a reset, never as the refusal (7) of the other mode.
        Assert.True(https.ExitCode == 35, https.ToString());
        Assert.Contains("Connection reset by peer", https.Stderr, StringComparison.Ordinal);
        Assert.True(http.ExitCode == 56, http.ToString());
        Assert.Contains("Connection reset by peer", http.Stderr, StringComparison.Ordinal);
        Assert.True(d.Faults.Clear("server.outage"));
        await AssertAnswersAsync(d);
    }

    [Fact]
    public async Task Blackhole_outage_lets_a_client_time_out()
    {
        await using var d = await LocalApiDevice.StartAsync();
        d.Faults.Set(FaultSpec.Parse("server.outage:mode=blackhole,duration=30s"));

        var https = await CurlProcess.HttpsAsync(d, d.ClientCaFile, Info, "--max-time", "1");
        var http = await CurlProcess.HttpAsync(d, Info, "--max-time", "1");

        Assert.True(https.ExitCode == 28, https.ToString());
        Assert.True(http.ExitCode == 28, http.ToString());
        Assert.True(d.Faults.Clear("server.outage"));
        await AssertAnswersAsync(d);
    }

    internal static async Task AssertAnswersAsync(LocalApiDevice d)
    {
        var run = await CurlProcess.HttpsAsync(d, d.ClientCaFile, Info, "--write-out", "\n%{http_code}");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.EndsWith("\n200", run.Stdout, StringComparison.Ordinal);
        Assert.Contains(d.Id, run.Stdout, StringComparison.Ordinal);
    }
}
