using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Accessory.Simulator.Tls;

namespace Accessory.Simulator.Tests.Tls;

/// <summary>A loopback TLS server on the classes under test: accepts until disposed, runs a handler per connection.</summary>
internal sealed class TlsTestServer : IAsyncDisposable
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(20);
    private readonly TlsServerContext _context;
    private readonly Func<TlsServerStream, CancellationToken, Task> _handler;
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<ServedConnection> _served = Channel.CreateUnbounded<ServedConnection>();
    private readonly Task _acceptLoop;

    public TlsTestServer(TlsServerContext context, Func<TlsServerStream, CancellationToken, Task> handler)
    {
        _context = context;
        _handler = handler;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port { get; }

    /// <summary>The next connection whose handler finished (or whose handshake failed); throws after 20 s.</summary>
    public async Task<ServedConnection> NextAsync()
    {
        using var limit = new CancellationTokenSource(WaitLimit);
        return await _served.Reader.ReadAsync(limit.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        limit.CancelAfter(WaitLimit);
        TlsServerStream tls;
        try
        {
            tls = await TlsServerStream.AcceptAsync(_context, socket, limit.Token);
        }
        catch (Exception e)
        {
            _served.Writer.TryWrite(new ServedConnection("", false, false, e));
            return;
        }

        await using (tls)
        {
            Exception? failure = null;
            try
            {
                await _handler(tls, limit.Token);
            }
            catch (OperationCanceledException e) when (limit.IsCancellationRequested && !_stop.IsCancellationRequested)
            {
                failure = new TimeoutException($"the handler was still running {WaitLimit.TotalSeconds:0} s after the connection was accepted", e);
            }
            catch (Exception e)
            {
                failure = e;
            }

            _served.Writer.TryWrite(new ServedConnection(tls.Protocol, tls.SessionReused, tls.PeerSentCloseNotify, failure));
        }
    }
}
