using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Accessory.Simulator.Tls;

namespace Accessory.Simulator.Tests.Tls;

/// <summary>How connections end, seen by openssl s_client, and data transfer seen by a .NET SslStream client.</summary>
public sealed class TlsServerStreamTests : TlsTestBase
{
    private const string UnexpectedEof = "unexpected eof while reading";

    [Fact]
    public async Task Graceful_close_sends_close_notify()
    {
        var server = Serve(SelfSigned(), TlsHandlers.RespondThen(TlsHandlers.Ending.Graceful));

        var run = await OpenSslClient.RunAsync(server.Port);

        Assert.Contains("hello", run.Output, StringComparison.Ordinal);
        Assert.Contains("closed", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(UnexpectedEof, run.Output, StringComparison.Ordinal);
        Assert.Equal(0, run.ExitCode);
        Assert.Null((await server.NextAsync()).Failure);
    }

    [Fact]
    public async Task Abort_closes_tcp_without_close_notify()
    {
        var server = Serve(SelfSigned(), TlsHandlers.RespondThen(TlsHandlers.Ending.Abort));

        var run = await OpenSslClient.RunAsync(server.Port);

        Assert.Contains("hello", run.Output, StringComparison.Ordinal);
        Assert.Contains(UnexpectedEof, run.Output, StringComparison.Ordinal);
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public async Task Reset_sends_rst_which_a_dotnet_client_sees_as_connection_reset()
    {
        var server = Serve(SelfSigned(), TlsHandlers.RespondThen(TlsHandlers.Ending.Reset));
        using var client = await ConnectAsync(server.Port);

        await client.Ssl.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.0\n"));
        var received = new MemoryStream();
        var error = await Record.ExceptionAsync(() => client.Ssl.CopyToAsync(received));

        var reset = Assert.IsType<SocketException>(Assert.IsType<IOException>(error).InnerException);
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
    }

    [Fact]
    public async Task SslStream_client_gets_its_request_answered_and_sees_close_notify()
    {
        var server = Serve(SelfSigned(), TlsHandlers.RespondThen(TlsHandlers.Ending.Graceful));
        using var client = await ConnectAsync(server.Port);

        await client.Ssl.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.0\n"));
        var received = new MemoryStream();
        await client.Ssl.CopyToAsync(received);

        Assert.Equal(TlsHandlers.Response, Encoding.ASCII.GetString(received.ToArray()));
        Assert.Equal("TLSv1.3", (await server.NextAsync()).Protocol);
    }

    [Fact]
    public async Task One_mebibyte_echoes_intact_while_the_server_reads_and_writes_concurrently()
    {
        var server = Serve(SelfSigned(), TlsHandlers.ConcurrentEchoAsync);
        using var client = await ConnectAsync(server.Port);
        var sent = RandomNumberGenerator.GetBytes(1024 * 1024);
        var sentCount = 0;
        var sending = Task.Run(async () =>
        {
            for (var offset = 0; offset < sent.Length; offset += 10_000)
            {
                var count = Math.Min(10_000, sent.Length - offset);
                await client.Ssl.WriteAsync(sent.AsMemory(offset, count));
                Volatile.Write(ref sentCount, offset + count);
            }
        });
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        Exception? clientFailure = null;
        try
        {
            // ShutdownAsync must not overlap a pending read: .NET's SslStream calls SSL_shutdown without the lock its
            // reads hold, so the two race inside the client's own SSL object (SslException error 5, "application data
            // after close notify", even heap corruption). Stop reading once everything is sent, close, then read on:
            // the close_notify still reaches the server while echoed bytes are in flight.
            int count;
            while (received.Length < sent.Length && !sending.IsCompleted && (count = await client.Ssl.ReadAsync(buffer)) > 0)
            {
                received.Write(buffer, 0, count);
            }

            await sending;
            await client.Ssl.ShutdownAsync();
            while ((count = await client.Ssl.ReadAsync(buffer)) > 0)
            {
                received.Write(buffer, 0, count);
            }
        }
        catch (Exception e)
        {
            clientFailure = e;
        }

        var served = await server.NextAsync();
        var story = $"the client sent {Volatile.Read(ref sentCount):N0} of {sent.Length:N0} bytes and got {received.Length:N0} back; "
            + $"client: {clientFailure?.Message ?? "no error"}; server handler: {served.Failure?.Message ?? "finished"}";
        Assert.True(clientFailure is null && served.Failure is null && received.Length == sent.Length, story);
        Assert.Equal(SHA256.HashData(sent), SHA256.HashData(received.ToArray()));
        Assert.True(served.PeerSentCloseNotify, story);
    }

    [Fact]
    public async Task Peer_closing_tcp_without_close_notify_reads_as_end_of_stream()
    {
        var server = Serve(SelfSigned(), TlsHandlers.ConcurrentEchoAsync);
        using (var client = await ConnectAsync(server.Port))
        {
            await client.Ssl.WriteAsync(new byte[] { 1, 2, 3 });
            var echoed = new byte[3];
            await client.Ssl.ReadExactlyAsync(echoed);
            client.Tcp.Client.Shutdown(SocketShutdown.Send);
        }

        var served = await server.NextAsync();
        Assert.Null(served.Failure);
        Assert.False(served.PeerSentCloseNotify);
    }

    [Fact]
    public async Task Garbage_instead_of_a_client_hello_fails_that_handshake_and_the_server_keeps_accepting()
    {
        var server = Serve(SelfSigned(), TlsHandlers.RespondThen(TlsHandlers.Ending.Graceful));
        using (var garbage = new TcpClient())
        {
            await garbage.ConnectAsync(IPAddress.Loopback, server.Port);
            await garbage.GetStream().WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));

            var failed = await server.NextAsync();
            var handshake = Assert.IsType<TlsHandshakeException>(failed.Failure);
            Assert.Contains("http request", handshake.Message, StringComparison.Ordinal);
        }

        var run = await OpenSslClient.RunAsync(server.Port);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("hello", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serves_the_whole_chain_file_leaf_first()
    {
        var settings = new TlsServerSettings { ChainPemFile = Certificates.IssuedChain, KeyPemFile = Certificates.IssuedKey };
        var server = Serve(settings, TlsHandlers.RespondThen(TlsHandlers.Ending.Graceful));

        var run = await OpenSslClient.RunAsync(server.Port, "-showcerts");

        Assert.Contains(" 0 s:CN = localhost", run.Output, StringComparison.Ordinal);
        Assert.Contains(" 1 s:CN = Accessory Test Intermediate", run.Output, StringComparison.Ordinal);
    }

    private async Task<SslClient> ConnectAsync(int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var expected = Certificates.SelfSignedThumbprint;
        var ssl = new SslStream(tcp.GetStream());
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await ssl.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is X509Certificate2 leaf && leaf.GetCertHashString() == expected,
            },
            limit.Token);
        return new SslClient(tcp, ssl);
    }

    private sealed record SslClient(TcpClient Tcp, SslStream Ssl) : IDisposable
    {
        public void Dispose()
        {
            Ssl.Dispose();
            Tcp.Dispose();
        }
    }
}
