using Accessory.Simulator.Tests.Tls;

namespace Accessory.Simulator.Tests.LocalApi;

/// <summary>tls.abort-without-close-notify seen by openssl s_client (which reports the missing close_notify) and HttpClient.</summary>
public sealed class TlsAbortFaultTests
{
    [Fact]
    public async Task Without_the_fault_a_closing_request_ends_with_close_notify()
    {
        await using var d = await LocalApiDevice.StartAsync();

        var run = await OpenSslClient.RunWithRequestAsync(d.HttpsPort, RawRequests.InfoThenClose);

        Assert.Contains("HTTP/1.1 200 OK", run.Output, StringComparison.Ordinal);
        Assert.Contains(d.Id, run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(RawRequests.UnexpectedEof, run.Output, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 0, run.Output);
    }

    [Fact]
    public async Task After_one_response_the_connection_ends_without_close_notify()
    {
        await using var d = await LocalApiDevice.StartAsync(null, "tls.abort-without-close-notify:after=1");

        // Keep-alive: only the fault ends this connection.
        var run = await OpenSslClient.RunWithRequestAsync(d.HttpsPort, RawRequests.InfoKeepAlive);

        // The error lands on stderr, which the result appends after stdout, so order says nothing; presence does.
        Assert.Contains(d.Id, run.Output, StringComparison.Ordinal);
        Assert.Contains(RawRequests.UnexpectedEof, run.Output, StringComparison.Ordinal);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(1, RawRequests.CountOccurrences(run.Output, "HTTP/1.1 200 OK"));
    }

    [Fact]
    public async Task After_two_both_pipelined_requests_are_answered_before_the_eof()
    {
        await using var d = await LocalApiDevice.StartAsync(null, "tls.abort-without-close-notify:after=2");

        var run = await OpenSslClient.RunWithRequestAsync(d.HttpsPort, RawRequests.InfoKeepAlive + RawRequests.InfoKeepAlive);

        Assert.Equal(2, RawRequests.CountOccurrences(run.Output, "HTTP/1.1 200 OK"));
        Assert.Contains(RawRequests.UnexpectedEof, run.Output, StringComparison.Ordinal);
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public async Task HttpClient_gets_complete_responses_and_reconnects_after_the_abort()
    {
        await using var d = await LocalApiDevice.StartAsync(null, "tls.abort-without-close-notify:after=1");
        using var client = d.CreateHttpsClient();

        var first = await client.GetStringAsync(new Uri("/api/v1/info", UriKind.Relative));
        Assert.Contains(d.Id, first, StringComparison.Ordinal);

        // The server dropped the pooled connection; the next request can only succeed on a new one.
        Assert.True(await LocalApiDevice.EventuallyAsync(() => d.Api.OpenConnections == 0), "the server kept the connection");
        var second = await client.GetStringAsync(new Uri("/api/v1/info", UriKind.Relative));
        Assert.Contains(d.Id, second, StringComparison.Ordinal);
    }
}
