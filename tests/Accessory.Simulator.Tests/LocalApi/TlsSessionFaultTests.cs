using Accessory.Simulator.Tests.Support;
using Accessory.Simulator.Tests.Tls;

namespace Accessory.Simulator.Tests.LocalApi;

/// <summary>tls.resumption and tls.session-tickets on the device's API, resumed with s_client -sess_out / -sess_in.</summary>
public sealed class TlsSessionFaultTests
{
    private const string TicketBlock = "TLS session ticket:";

    [Theory]
    [InlineData("-tls1_2")]
    [InlineData("-tls1_3")]
    public async Task By_default_a_second_connection_resumes(string version)
    {
        await using var d = await LocalApiDevice.StartAsync();

        var (first, saved, second) = await ConnectTwiceAsync(d.HttpsPort, version);

        Assert.True(saved, first.Output);
        Assert.Contains("New,", first.Output, StringComparison.Ordinal);
        Assert.Contains("Reused,", second.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-tls1_2")]
    [InlineData("-tls1_3")]
    public async Task With_resumption_off_nothing_is_resumed(string version)
    {
        await using var d = await LocalApiDevice.StartAsync(null, "tls.resumption");

        var (first, saved, second) = await ConnectTwiceAsync(d.HttpsPort, version);

        // s_client saves only a session it could offer again; with no session id and no ticket there is none.
        Assert.False(saved, first.Output);
        Assert.DoesNotContain(TicketBlock, first.Output, StringComparison.Ordinal);
        Assert.Contains("New,", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Reused,", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_tickets_off_tls12_resumes_by_session_id_and_sends_no_ticket()
    {
        await using var d = await LocalApiDevice.StartAsync(null, "tls.session-tickets");

        var (first, saved, second) = await ConnectTwiceAsync(d.HttpsPort, "-tls1_2");

        Assert.True(saved, first.Output);
        Assert.DoesNotContain(TicketBlock, first.Output, StringComparison.Ordinal);
        Assert.Contains("Reused,", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_fault_tls12_first_handshake_carries_a_ticket()
    {
        await using var d = await LocalApiDevice.StartAsync();

        var run = await OpenSslClient.RunWithRequestAsync(d.HttpsPort, RawRequests.InfoThenClose, "-tls1_2");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(TicketBlock, run.Output, StringComparison.Ordinal);
    }

    private static async Task<(OpenSslClient.Result First, bool Saved, OpenSslClient.Result Second)> ConnectTwiceAsync(int port, string version)
    {
        using var folder = new TempDirectory("accessory-sess");
        var session = Path.Combine(folder.Path, "session.pem");
        var first = await OpenSslClient.RunWithRequestAsync(port, RawRequests.InfoThenClose, version, "-sess_out", session);
        Assert.True(first.ExitCode == 0, first.Output);
        bool saved = File.Exists(session) && new FileInfo(session).Length > 0;
        var second = saved
            ? await OpenSslClient.RunWithRequestAsync(port, RawRequests.InfoThenClose, version, "-sess_in", session)
            : await OpenSslClient.RunWithRequestAsync(port, RawRequests.InfoThenClose, version);
        Assert.True(second.ExitCode == 0, second.Output);
        return (first, saved, second);
    }
}
