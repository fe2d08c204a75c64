using System.Net;
using System.Text.Json;

namespace Accessory.Simulator.Tests.LocalApi;

/// <summary>http.status answers in place of the API, counts itself down and then gets out of the way.</summary>
public sealed class HttpStatusFaultTests
{
    [Fact]
    public async Task Counted_503s_carry_retry_after_and_a_json_error_then_the_api_answers()
    {
        await using var d = await LocalApiDevice.StartAsync(null, "http.status:code=503,count=2,retry-after=7");
        using var client = d.CreateHttpsClient();
        var info = new Uri("/api/v1/info", UriKind.Relative);

        for (int i = 0; i < 2; i++)
        {
            using var unavailable = await client.GetAsync(info);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), unavailable.Headers.RetryAfter?.Delta);
            Assert.Equal("application/json", unavailable.Content.Headers.ContentType?.MediaType);
            using var error = JsonDocument.Parse(await unavailable.Content.ReadAsStringAsync());
            Assert.Contains("503", error.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        using var ok = await client.GetAsync(info);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Null(ok.Headers.RetryAfter);
        Assert.Contains(d.Id, await ok.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(d.Faults.IsActive("http.status"));
    }
}
