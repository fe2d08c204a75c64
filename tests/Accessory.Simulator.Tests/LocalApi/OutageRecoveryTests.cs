using System.Net;
using Accessory.Simulator.Faults;

namespace Accessory.Simulator.Tests.LocalApi;

/// <summary>An outage that ends by itself must leave nothing behind: no fault, no leaked connection, full service.</summary>
public sealed class OutageRecoveryTests
{
    [Fact]
    public async Task Outage_then_recovery_leaves_the_server_healthy()
    {
        await using var d = await LocalApiDevice.StartAsync();
        d.Faults.Set(FaultSpec.Parse("server.outage:mode=refuse,duration=1s"));
        Assert.True(await LocalApiDevice.EventuallyAsync(() => !d.Faults.IsActive("server.outage")), "the outage never ended");

        using (var client = d.CreateHttpsClient())
        {
            var info = new Uri("/api/v1/info", UriKind.Relative);
            for (int i = 0; i < 50; i++)
            {
                using var response = await client.GetAsync(info);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            var concurrent = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.GetAsync(info)));
            foreach (var response in concurrent)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                response.Dispose();
            }

            Assert.True(d.Api.OpenConnections > 0);
        }

        Assert.True(await LocalApiDevice.EventuallyAsync(() => d.Api.OpenConnections == 0), $"{d.Api.OpenConnections} connection(s) left open");
        Assert.Empty(d.Faults.Snapshot());
    }
}
