using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace Accessory.Simulator.Net;

/// <summary>
/// One socket operation at a time (connect, receive, send) whose failure is a result, not an exception. A relay sees
/// peers vanish all the time, and Socket's Task-returning calls turn a failure that completes at once (a receive on a
/// connection the peer has already reset) into an exception whose stack trace is captured with file and line: the
/// runtime then loads System.Diagnostics.StackTrace, System.Reflection.Metadata and System.Collections.Immutable and
/// reads the PDBs. The embedded broker's front gate met that under load and kept ~2 MB of those pages mapped for the
/// process's life (docs/fleet.md, "What the loaded soaks kept"). Not thread-safe: await each call before the next.
/// </summary>
internal sealed class QuietSocketOperation : SocketAsyncEventArgs, IValueTaskSource<int>
{
    /// <summary>What a call returns when the operation failed (reset, aborted, refused, socket closed).</summary>
    public const int Failed = -1;

    private ManualResetValueTaskSourceCore<int> _core;

    public QuietSocketOperation()
        : base(unsafeSuppressExecutionContextFlow: true)
    {
    }

    /// <summary>Bytes received (0 at the end of the stream, or for a zero-byte wait), or <see cref="Failed"/>.</summary>
    public ValueTask<int> ReceiveAsync(Socket socket, Memory<byte> buffer)
    {
        Begin();
        SetBuffer(buffer);
        return Run(socket, static (s, e) => s.ReceiveAsync(e));
    }

    /// <summary>Bytes sent, or <see cref="Failed"/>.</summary>
    public ValueTask<int> SendAsync(Socket socket, ReadOnlyMemory<byte> bytes)
    {
        Begin();

        // SocketAsyncEventArgs takes a writable buffer; a send only reads it.
        SetBuffer(System.Runtime.InteropServices.MemoryMarshal.AsMemory(bytes));
        return Run(socket, static (s, e) => s.SendAsync(e));
    }

    /// <summary>0 when connected, or <see cref="Failed"/>.</summary>
    public ValueTask<int> ConnectAsync(Socket socket, EndPoint endPoint)
    {
        Begin();
        SetBuffer(Memory<byte>.Empty);
        RemoteEndPoint = endPoint;
        return Run(socket, static (s, e) => s.ConnectAsync(e));
    }

    /// <summary>Sends all of <paramref name="bytes"/>; false when the connection failed first.</summary>
    public async ValueTask<bool> SendAllAsync(Socket socket, ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            int sent = await SendAsync(socket, bytes).ConfigureAwait(false);
            if (sent <= 0)
            {
                return false;
            }

            bytes = bytes[sent..];
        }

        return true;
    }

    int IValueTaskSource<int>.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    protected override void OnCompleted(SocketAsyncEventArgs e) => Finish();

    private void Begin() => _core.Reset();

    private ValueTask<int> Run(Socket socket, Func<Socket, SocketAsyncEventArgs, bool> start)
    {
        bool pending;
        try
        {
            pending = start(socket, this);
        }
        catch (ObjectDisposedException)
        {
            // The other direction of the relay closed the socket first: as good as a reset, and no I/O was started.
            return new ValueTask<int>(Failed);
        }

        if (!pending)
        {
            Finish();
        }

        return new ValueTask<int>(this, _core.Version);
    }

    private void Finish() => _core.SetResult(SocketError == SocketError.Success ? BytesTransferred : Failed);
}
