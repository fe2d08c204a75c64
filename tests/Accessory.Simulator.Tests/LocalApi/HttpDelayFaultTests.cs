using System.Globalization;

namespace Accessory.Simulator.Tests.LocalApi;

/// <summary>http.delay holds the response back; only a lower bound is asserted, because a busy machine may add more.</summary>
public sealed class HttpDelayFaultTests
{
    private static readonly string[] TimedStatus = ["--output", "/dev/null", "--write-out", "%{http_code} %{time_total}"];

    [Fact]
    public async Task A_delayed_response_takes_at_least_the_delay()
    {
        await using var d = await LocalApiDevice.StartAsync(null, "http.delay:ms=600");

        var (status, seconds) = await TimedGetAsync(d, "/api/v1/info");

        Assert.Equal(200, status);
        Assert.True(seconds >= 0.6, $"answered after {seconds} s");
    }

    [Fact]
    public async Task A_path_limited_delay_holds_back_only_its_path()
    {
        await using var d = await LocalApiDevice.StartAsync(null, "http.delay:ms=600,path=/api/v1/state");

        var (stateStatus, stateSeconds) = await TimedGetAsync(d, "/api/v1/state");
        var (infoStatus, _) = await TimedGetAsync(d, "/api/v1/info");

        Assert.Equal(200, stateStatus);
        Assert.True(stateSeconds >= 0.6, $"state answered after {stateSeconds} s");
        Assert.Equal(200, infoStatus);
    }

    private static async Task<(int Status, double Seconds)> TimedGetAsync(LocalApiDevice d, string path)
    {
        var run = await CurlProcess.HttpAsync(d, path, TimedStatus);
        Assert.True(run.ExitCode == 0, run.ToString());
        var parts = run.Stdout.Split(' ');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
