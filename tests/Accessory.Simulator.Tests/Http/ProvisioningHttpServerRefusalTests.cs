using System.Net;
using System.Text;
using Accessory.Simulator.Http;
using Accessory.Simulator.Tests.Fakes;

namespace Accessory.Simulator.Tests.Http;

public sealed class ProvisioningHttpServerRefusalTests
{
    [Fact]
    public async Task Unknown_endpoint_gets_404_naming_it_without_touching_the_session()
    {
        await using var harness = await ServerHarness.StartAsync();
        using var client = await harness.ConnectAsync();

        var reply = await client.PostAsync("prov-nonsense", "x");
        var after = await client.PostAsync("proto-ver", "ESP");

        Assert.Equal(404, reply!.Status);
        Assert.Contains("prov-nonsense", reply.BodyText, StringComparison.Ordinal);
        Assert.Null(reply.Header("Set-Cookie"));
        Assert.Equal(200, after!.Status);
        Assert.Equal(["open 67305985"], harness.Scheme.Events);
    }

    [Fact]
    public async Task Endpoints_are_404_once_provisioning_stopped()
    {
        await using var harness = await ServerHarness.StartAsync();
        harness.Router.Stopped = true;
        using var client = await harness.ConnectAsync();

        var reply = await client.PostAsync("prov-config", "x");

        Assert.Equal(404, reply!.Status);
        Assert.Contains("prov-config", reply.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_over_4096_bytes_is_refused_with_413_and_the_socket_closed()
    {
        await using var harness = await ServerHarness.StartAsync();
        using var client = await harness.ConnectAsync();

        var reply = await client.PostAsync("prov-config", new string('a', 4097));

        Assert.Equal(413, reply!.Status);
        Assert.True(await client.IsClosedByServerAsync());
        Assert.Empty(harness.Scheme.Events);
    }

    [Fact]
    public async Task Body_of_exactly_4096_bytes_is_accepted()
    {
        await using var harness = await ServerHarness.StartAsync();
        using var client = await harness.ConnectAsync();

        var reply = await client.PostAsync("proto-ver", new string('a', 4096));

        Assert.Equal(200, reply!.Status);
        Assert.Equal(4096 + "67305985:".Length, reply.Body.Length);
    }

    [Theory]
    [InlineData("POST /proto-ver HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("POST /proto-ver HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("POST /proto-ver HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nESP\r\n0\r\n\r\n")]
    public async Task Missing_zero_or_chunked_length_is_refused_with_411(string request)
    {
        await using var harness = await ServerHarness.StartAsync();
        using var client = await harness.ConnectAsync();

        await client.SendAsync(Encoding.ASCII.GetBytes(request));
        var reply = await client.ReadResponseAsync();

        Assert.Equal(411, reply!.Status);
        Assert.True(await client.IsClosedByServerAsync());
    }

    [Theory]
    [InlineData("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n")]
    [InlineData("GARBAGE\r\n\r\n")]
    [InlineData("POST proto-ver HTTP/1.1\r\n\r\n")]
    [InlineData("POST /proto-ver HTTP/9.9\r\nContent-Length: 3\r\n\r\nESP")]
    [InlineData("POST /proto-ver HTTP/1.1\r\nContent-Length: -3\r\n\r\nESP")]
    [InlineData("POST /proto-ver HTTP/1.1\r\nno colon here\r\n\r\n")]
    public async Task Garbage_request_gets_400_and_the_server_keeps_serving(string request)
    {
        await using var harness = await ServerHarness.StartAsync();
        using (var client = await harness.ConnectAsync())
        {
            await client.SendAsync(Encoding.Latin1.GetBytes(request));
            var reply = await client.ReadResponseAsync();
            Assert.Equal(400, reply!.Status);
            Assert.True(await client.IsClosedByServerAsync());
        }

        using var next = await harness.ConnectAsync();
        Assert.Equal(200, (await next.PostAsync("proto-ver", "ESP"))!.Status);
    }

    [Fact]
    public async Task Oversized_header_is_refused_with_431()
    {
        await using var harness = await ServerHarness.StartAsync();
        using var client = await harness.ConnectAsync();

        await client.SendAsync(RawHttpClient.Request("proto-ver", "ESP", extraHeaders: "X-Padding: " + new string('p', 5000) + "\r\n"));
        var reply = await client.ReadResponseAsync();

        Assert.Equal(431, reply!.Status);
    }

    [Fact]
    public async Task Get_on_an_endpoint_is_405()
    {
        await using var harness = await ServerHarness.StartAsync();
        using var client = await harness.ConnectAsync();

        await client.SendAsync("GET /proto-ver HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        var reply = await client.ReadResponseAsync();

        Assert.Equal(405, reply!.Status);
    }

    [Fact]
    public async Task Handler_failure_closes_the_socket_without_a_response_and_the_server_keeps_serving()
    {
        await using var harness = await ServerHarness.StartAsync();
        using var client = await harness.ConnectAsync();
        var handshake = await client.PostAsync("prov-session", "hello");

        var failed = await client.PostAsync("prov-config", "fail");

        Assert.Null(failed);
        using var next = await harness.ConnectAsync();
        var reply = await next.PostAsync("prov-config", "get-status", handshake!.Header("Set-Cookie"));
        Assert.Equal(200, reply!.Status);
        Assert.Equal("67305985:get-status", reply.BodyText);
    }

    [Fact]
    public async Task Request_before_the_handshake_closes_the_socket()
    {
        await using var harness = await ServerHarness.StartAsync();
        using var client = await harness.ConnectAsync();

        Assert.Null(await client.PostAsync("prov-config", "get-status"));
    }

    [Fact]
    public async Task Client_that_stalls_inside_a_request_is_disconnected()
    {
        await using var harness = await ServerHarness.StartAsync(new ProvisioningHttpOptions
        {
            BindAddress = IPAddress.Loopback,
            Port = 0,
            RequestTimeout = TimeSpan.FromMilliseconds(200),
        });
        using var client = await harness.ConnectAsync();

        await client.SendAsync("POST /proto-ver HTTP/1.1\r\nContent-Le"u8.ToArray());

        Assert.True(await client.IsClosedByServerAsync());
        using var next = await harness.ConnectAsync();
        Assert.Equal(200, (await next.PostAsync("proto-ver", "ESP"))!.Status);
    }

    [Fact]
    public async Task Pipelined_requests_are_answered_in_order()
    {
        await using var harness = await ServerHarness.StartAsync();
        using var client = await harness.ConnectAsync();

        await client.SendAsync([.. RawHttpClient.Request("proto-ver", "one"), .. RawHttpClient.Request("proto-ver", "two")]);

        Assert.Equal("67305985:one", (await client.ReadResponseAsync())!.BodyText);
        Assert.Equal("67305985:two", (await client.ReadResponseAsync())!.BodyText);
    }

    [Fact]
    public async Task Responses_carry_httpd_default_content_type_and_exact_length()
    {
        await using var harness = await ServerHarness.StartAsync();
        using var client = await harness.ConnectAsync();

        var reply = await client.PostAsync("proto-ver", "ESP");

        Assert.Equal("text/html", reply!.Header("Content-Type"));
        Assert.Equal("12", reply.Header("Content-Length"));
    }
}
