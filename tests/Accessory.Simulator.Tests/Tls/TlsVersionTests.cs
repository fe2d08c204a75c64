using Accessory.Simulator.Tls;

namespace Accessory.Simulator.Tests.Tls;

/// <summary>Minimum and maximum protocol versions, enforced against openssl s_client pinned to one version.</summary>
public sealed class TlsVersionTests : TlsTestBase
{
    [Fact]
    public async Task Minimum_tls13_refuses_a_tls12_client()
    {
        var server = Serve(SelfSigned() with { MinVersion = TlsProtocolVersion.Tls13 }, TlsHandlers.RespondThen(TlsHandlers.Ending.Graceful));

        var run = await OpenSslClient.RunAsync(server.Port, "-tls1_2");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("alert protocol version", run.Output, StringComparison.Ordinal);
        var failure = Assert.IsType<TlsHandshakeException>((await server.NextAsync()).Failure);
        Assert.Contains("unsupported protocol", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Maximum_tls12_refuses_a_tls13_client_and_serves_tls12()
    {
        var server = Serve(SelfSigned() with { MaxVersion = TlsProtocolVersion.Tls12 }, TlsHandlers.RespondThen(TlsHandlers.Ending.Graceful));

        var refused = await OpenSslClient.RunAsync(server.Port, "-tls1_3");
        var failure = Assert.IsType<TlsHandshakeException>((await server.NextAsync()).Failure);
        var served = await OpenSslClient.RunAsync(server.Port);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("unsupported protocol", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, served.ExitCode);
        Assert.Equal("TLSv1.2", (await server.NextAsync()).Protocol);
    }

    [Fact]
    public async Task Tls11_is_served_when_asked_for()
    {
        var settings = SelfSigned() with { MinVersion = TlsProtocolVersion.Tls11, MaxVersion = TlsProtocolVersion.Tls11 };
        var server = Serve(settings, TlsHandlers.RespondThen(TlsHandlers.Ending.Graceful));

        // The client must lower its own security level too, or it refuses TLS 1.1 before the server is asked.
        var run = await OpenSslClient.RunAsync(server.Port, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("TLSv1.1", (await server.NextAsync()).Protocol);
    }
}
