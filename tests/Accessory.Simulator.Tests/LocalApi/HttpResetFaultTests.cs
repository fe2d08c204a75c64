using Accessory.Simulator.Faults;

namespace Accessory.Simulator.Tests.LocalApi;

/// <summary>http.reset cuts the response with a TCP RST after a few bytes: clients see a receive failure, not a short answer.</summary>
public sealed class HttpResetFaultTests
{
    private const string Info = "/api/v1/info";

    [Fact]
    public async Task Curl_sees_a_receive_failure_over_http_and_https()
    {
        await using var d = await LocalApiDevice.StartAsync(null, "http.reset:after-bytes=10");

        var http = await CurlProcess.HttpAsync(d, Info);
        var https = await CurlProcess.HttpsAsync(d, d.ClientCaFile, Info);

        // 56: "Recv failure: Connection reset by peer"; never 0 with the first 10 bytes taken for an answer.
        Assert.True(http.ExitCode == 56, http.ToString());
        Assert.True(https.ExitCode == 56, https.ToString());
        Assert.Contains("reset", https.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task HttpClient_throws_and_the_next_request_after_clearing_works()
    {
        await using var d = await LocalApiDevice.StartAsync(null, "http.reset:after-bytes=10");
        using var client = d.CreateHttpsClient();
        var info = new Uri(Info, UriKind.Relative);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync(info));
        Assert.True(d.Faults.Clear("http.reset"));

        Assert.Contains(d.Id, await client.GetStringAsync(info), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_path_limited_reset_leaves_other_paths_alone()
    {
        await using var d = await LocalApiDevice.StartAsync();
        d.Faults.Set(FaultSpec.Parse("http.reset:after-bytes=10,path=/api/v1/state"));

        var state = await CurlProcess.HttpAsync(d, "/api/v1/state");
        var info = await CurlProcess.HttpAsync(d, Info);

        Assert.True(state.ExitCode == 56, state.ToString());
        Assert.True(info.ExitCode == 0, info.ToString());
    }
}
