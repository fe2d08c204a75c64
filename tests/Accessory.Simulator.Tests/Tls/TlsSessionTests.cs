using Accessory.Simulator.Tls;

namespace Accessory.Simulator.Tests.Tls;

/// <summary>Session tickets and resumption switches, checked by resuming with openssl s_client -sess_out/-sess_in.</summary>
public sealed class TlsSessionTests : TlsTestBase
{
    private const string TicketBlock = "TLS session ticket:";

    [Theory]
    [InlineData("-tls1_2")]
    [InlineData("-tls1_3")]
    public async Task Resumes_when_resumption_and_tickets_are_on(string version)
    {
        var server = Serve(SelfSigned(), TlsHandlers.RespondThen(TlsHandlers.Ending.Graceful));

        var (first, second) = await ConnectTwiceAsync(server.Port, version);

        Assert.True(first.SessionSaved);
        Assert.Contains("New,", first.Output, StringComparison.Ordinal);
        Assert.Contains("Reused,", second.Output, StringComparison.Ordinal);
        Assert.False((await server.NextAsync()).SessionReused);
        Assert.True((await server.NextAsync()).SessionReused);
    }

    [Theory]
    [InlineData("-tls1_2")]
    [InlineData("-tls1_3")]
    public async Task Never_resumes_when_resumption_is_off(string version)
    {
        var server = Serve(SelfSigned() with { Resumption = false }, TlsHandlers.RespondThen(TlsHandlers.Ending.Graceful));

        var (first, second) = await ConnectTwiceAsync(server.Port, version);

        // OpenSSL's client keeps only sessions it could resume (a session ID or a ticket); the server offered neither.
        Assert.False(first.SessionSaved, first.Output);
        Assert.DoesNotContain(TicketBlock, first.Output, StringComparison.Ordinal);
        Assert.Contains("New,", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Reused,", second.Output, StringComparison.Ordinal);
        Assert.False((await server.NextAsync()).SessionReused);
        Assert.False((await server.NextAsync()).SessionReused);
    }

    [Fact]
    public async Task Tls12_resumes_by_session_id_when_tickets_are_off()
    {
        var server = Serve(SelfSigned() with { SessionTickets = false }, TlsHandlers.RespondThen(TlsHandlers.Ending.Graceful));

        var (first, second) = await ConnectTwiceAsync(server.Port, "-tls1_2");

        Assert.True(first.SessionSaved);
        Assert.DoesNotContain(TicketBlock, first.Output, StringComparison.Ordinal);
        Assert.Contains("Reused,", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls12_first_handshake_carries_a_ticket_when_tickets_are_on()
    {
        var server = Serve(SelfSigned(), TlsHandlers.RespondThen(TlsHandlers.Ending.Graceful));

        var run = await OpenSslClient.RunAsync(server.Port, "-tls1_2");

        Assert.Contains(TicketBlock, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls13_cannot_resume_when_tickets_are_off_because_it_has_no_session_ids()
    {
        var server = Serve(SelfSigned() with { SessionTickets = false }, TlsHandlers.RespondThen(TlsHandlers.Ending.Graceful));

        var (first, second) = await ConnectTwiceAsync(server.Port, "-tls1_3");

        Assert.False(first.SessionSaved, first.Output);
        Assert.Contains("New,", second.Output, StringComparison.Ordinal);
    }

    /// <summary>Connects, then connects again offering the saved session if s_client saved one.</summary>
    private async Task<(FirstRun First, OpenSslClient.Result Second)> ConnectTwiceAsync(int port, string version)
    {
        var session = Path.Combine(FolderPath, "session" + version + ".pem");
        var first = await OpenSslClient.RunAsync(port, version, "-sess_out", session);
        Assert.Equal(0, first.ExitCode);
        var saved = File.Exists(session);
        var second = saved
            ? await OpenSslClient.RunAsync(port, version, "-sess_in", session)
            : await OpenSslClient.RunAsync(port, version);
        Assert.Equal(0, second.ExitCode);
        return (new FirstRun(first.Output, saved), second);
    }

    private sealed record FirstRun(string Output, bool SessionSaved);
}
