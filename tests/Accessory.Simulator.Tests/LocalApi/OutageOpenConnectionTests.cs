using System.Net.Http;
using Accessory.Simulator.Faults;
using Accessory.Simulator.Tests.Tls;

namespace Accessory.Simulator.Tests.LocalApi;

/// <summary>What a refuse outage does to connections already open when it begins: they vanish without close_notify.</summary>
public sealed class OutageOpenConnectionTests
{
    [Fact]
    public async Task An_idle_keep_alive_connection_seen_by_openssl_ends_without_close_notify()
    {
        await using var d = await LocalApiDevice.StartAsync();

        // Keep-alive and -ign_eof: the client holds the connection open until the server ends it.
        var run = OpenSslClient.RunWithRequestAsync(d.HttpsPort, RawRequests.InfoKeepAlive);
        Assert.True(await LocalApiDevice.EventuallyAsync(() => d.Api.OpenConnections == 1), "s_client never completed its handshake");
        d.Faults.Set(FaultSpec.Parse("server.outage:mode=refuse,duration=30s"));
        var result = await run;

        Assert.Contains(RawRequests.UnexpectedEof, result.Output, StringComparison.Ordinal);
        Assert.Equal(1, result.ExitCode);
    }

    // SslStream does not tell a missing close_notify from a sent one; what it can show is that the server ended the
    // connection (a read returning 0) instead of leaving it hanging.
    [Fact]
    public async Task An_open_connection_read_by_SslStream_just_ends()
    {
        await using var d = await LocalApiDevice.StartAsync();
        await using var client = await RawTlsClient.ConnectAsync(d.HttpsPort, d.ClientCaFile);
        var response = await client.ExchangeAsync(RawRequests.InfoKeepAlive);
        Assert.StartsWith("HTTP/1.1 200 OK", response, StringComparison.Ordinal);

        d.Faults.Set(FaultSpec.Parse("server.outage:mode=refuse,duration=30s"));
        var (read, error) = await client.ReadEndAsync();

        Assert.True(read == 0 && error is null, $"read {read}, error {error}");
    }

    [Fact]
    public async Task HttpClient_loses_its_pooled_connection_is_refused_then_recovers()
    {
        await using var d = await LocalApiDevice.StartAsync();
        using var client = d.CreateHttpsClient();
        var info = new Uri("/api/v1/info", UriKind.Relative);
        Assert.Contains(d.Id, await client.GetStringAsync(info), StringComparison.Ordinal);
        Assert.Equal(1, d.Api.OpenConnections);

        d.Faults.Set(FaultSpec.Parse("server.outage:mode=refuse,duration=30s"));

        Assert.True(await LocalApiDevice.EventuallyAsync(() => d.Api.OpenConnections == 0), "the open connection survived the outage");
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync(info));
        Assert.Equal(HttpRequestError.ConnectionError, refused.HttpRequestError);
        Assert.True(d.Faults.Clear("server.outage"));
        Assert.Contains(d.Id, await client.GetStringAsync(info), StringComparison.Ordinal);
    }
}
