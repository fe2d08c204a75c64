using Accessory.Simulator.Tests.Fakes;

namespace Accessory.Simulator.Tests.Http;

public sealed class ProvisioningHttpServerSessionTests
{
    // SequenceRandom yields bytes 1,2,3,4 then 5,6,7,8: little-endian session ids.
    private const uint FirstSession = 0x04030201;
    private const uint SecondSession = 0x08070605;

    [Fact]
    public async Task First_response_of_a_session_sets_the_cookie_and_later_ones_do_not()
    {
        await using var harness = await ServerHarness.StartAsync();
        using var client = await harness.ConnectAsync();

        var first = await client.PostAsync("prov-session", "hello");
        var second = await client.PostAsync("prov-config", "get-status");

        Assert.NotNull(first);
        Assert.Equal(200, first.Status);
        Assert.Equal("session=" + FirstSession, first.Header("Set-Cookie"));
        Assert.Equal("established " + FirstSession, first.BodyText);
        Assert.NotNull(second);
        Assert.Null(second.Header("Set-Cookie"));
    }

    [Fact]
    public async Task Request_without_cookie_on_the_same_socket_continues_the_session()
    {
        await using var harness = await ServerHarness.StartAsync();
        using var client = await harness.ConnectAsync();

        await client.PostAsync("prov-session", "hello");
        var reply = await client.PostAsync("prov-config", "get-status");

        Assert.NotNull(reply);
        Assert.Equal(200, reply.Status);
        Assert.Equal(FirstSession + ":get-status", reply.BodyText);
        Assert.Equal(["open " + FirstSession], harness.Scheme.Events);
    }

    [Fact]
    public async Task Matching_cookie_continues_the_session_on_a_new_socket()
    {
        await using var harness = await ServerHarness.StartAsync();
        using var first = await harness.ConnectAsync();
        var handshake = await first.PostAsync("prov-session", "hello");
        string cookie = handshake!.Header("Set-Cookie")!;

        using var second = await harness.ConnectAsync();
        var reply = await second.PostAsync("prov-config", "apply", cookie);

        Assert.NotNull(reply);
        Assert.Equal(200, reply.Status);
        Assert.Equal(FirstSession + ":apply", reply.BodyText);
        Assert.Null(reply.Header("Set-Cookie"));
        Assert.Equal(["open " + FirstSession], harness.Scheme.Events);
    }

    [Fact]
    public async Task Request_without_cookie_on_another_socket_starts_a_new_session_and_closes_the_old()
    {
        await using var harness = await ServerHarness.StartAsync();
        using var first = await harness.ConnectAsync();
        await first.PostAsync("prov-session", "hello");

        using var second = await harness.ConnectAsync();
        var reply = await second.PostAsync("prov-session", "hello again");

        Assert.NotNull(reply);
        Assert.Equal("session=" + SecondSession, reply.Header("Set-Cookie"));
        Assert.Equal(["open " + FirstSession, "close " + FirstSession, "open " + SecondSession], harness.Scheme.Events);
        Assert.Equal(SecondSession, harness.Server.CurrentSessionId);
    }

    [Fact]
    public async Task Second_client_without_the_cookie_cannot_use_the_established_session()
    {
        await using var harness = await ServerHarness.StartAsync();
        using var owner = await harness.ConnectAsync();
        var handshake = await owner.PostAsync("prov-session", "hello");

        using var intruder = await harness.ConnectAsync();
        var stolen = await intruder.PostAsync("prov-config", "set-config");
        using var liar = await harness.ConnectAsync();
        var forged = await liar.PostAsync("prov-config", "set-config", "session=12345");

        // Each attempt opened a fresh, unestablished session: no answer, socket closed.
        Assert.Null(stolen);
        Assert.Null(forged);
        Assert.Contains("close " + FirstSession, harness.Scheme.Events);
        Assert.DoesNotContain(FirstSession, harness.Scheme.OpenSessions);

        // The owner's session is gone too: the old cookie no longer reaches an established session.
        using var again = await harness.ConnectAsync();
        Assert.Null(await again.PostAsync("prov-config", "set-config", handshake!.Header("Set-Cookie")));
    }

    [Fact]
    public async Task Opening_a_second_socket_purges_the_least_recently_used_one()
    {
        await using var harness = await ServerHarness.StartAsync();
        using var first = await harness.ConnectAsync();
        await first.PostAsync("proto-ver", "ESP");

        using var second = await harness.ConnectAsync();
        var reply = await second.PostAsync("proto-ver", "ESP");

        Assert.Equal(200, reply!.Status);
        Assert.True(await first.IsClosedByServerAsync());
        Assert.Equal(1, harness.Server.OpenSocketCount);
    }

    [Fact]
    public async Task Stop_closes_the_session_and_the_sockets()
    {
        var harness = await ServerHarness.StartAsync();
        using var client = await harness.ConnectAsync();
        await client.PostAsync("prov-session", "hello");

        await harness.Server.StopAsync();

        Assert.True(await client.IsClosedByServerAsync());
        Assert.Empty(harness.Scheme.OpenSessions);
        Assert.Null(harness.Server.CurrentSessionId);
        await harness.DisposeAsync();
    }

    [Fact]
    public async Task Logs_name_endpoint_and_outcome_but_never_the_body()
    {
        await using var harness = await ServerHarness.StartAsync();
        using var client = await harness.ConnectAsync();

        await client.PostAsync("prov-session", "hello");
        await client.PostAsync("prov-config", "passphrase=hunter2-secret");
        Assert.Null(await client.PostAsync("prov-config", "fail"));

        var lines = harness.Log.Lines;
        Assert.Contains(lines, l => l.Contains("/prov-config", StringComparison.Ordinal) && l.Contains("Ok", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Information", StringComparison.Ordinal) && l.Contains("HandlerFailed", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connection_close_is_honoured_after_the_response()
    {
        await using var harness = await ServerHarness.StartAsync();
        using var client = await harness.ConnectAsync();

        await client.SendAsync(RawHttpClient.Request("proto-ver", "ESP", extraHeaders: "Connection: close\r\n"));
        var reply = await client.ReadResponseAsync();

        Assert.Equal(200, reply!.Status);
        Assert.Equal("close", reply.Header("Connection"));
        Assert.True(await client.IsClosedByServerAsync());
    }
}
