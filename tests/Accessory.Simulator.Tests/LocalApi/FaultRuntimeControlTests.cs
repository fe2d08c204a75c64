using System.Net;
using Accessory.Simulator.Faults;

namespace Accessory.Simulator.Tests.LocalApi;

/// <summary>Faults set and cleared while a client keeps one connection busy take effect on the very next request.</summary>
public sealed class FaultRuntimeControlTests
{
    [Fact]
    public async Task Setting_and_clearing_http_status_switches_the_next_response()
    {
        await using var d = await LocalApiDevice.StartAsync();
        using var client = d.CreateHttpsClient();
        var info = new Uri("/api/v1/info", UriKind.Relative);

        for (int round = 0; round < 3; round++)
        {
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, info));

            d.Faults.Set(FaultSpec.Parse("http.status:code=500"));
            Assert.Equal(HttpStatusCode.InternalServerError, await StatusAsync(client, info));
            Assert.Equal(HttpStatusCode.InternalServerError, await StatusAsync(client, info));

            Assert.True(d.Faults.Clear("http.status"));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, info));
        }

        // All of it on the one keep-alive connection: the switch is per request, not per connection.
        Assert.Equal(1, d.Api.OpenConnections);
    }

    [Fact]
    public async Task Replacing_a_fault_takes_its_new_parameters_at_once()
    {
        await using var d = await LocalApiDevice.StartAsync(null, "http.status:code=503");
        using var client = d.CreateHttpsClient();
        var info = new Uri("/api/v1/info", UriKind.Relative);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusAsync(client, info));
        d.Faults.Set(FaultSpec.Parse("http.status:code=429"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(client, info));
        Assert.Equal(1, d.Faults.ClearAll());
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, info));
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, Uri uri)
    {
        using var response = await client.GetAsync(uri);
        return response.StatusCode;
    }
}
