using System.Buffers.Binary;
using System.Net.Sockets;

namespace Accessory.Simulator.Tests.Ble;

/// <summary>A bare socket on the link, for sending what no well-behaved client would and reading the raw replies.</summary>
internal sealed class RawLink : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly NetworkStream _stream;

    public RawLink(string socketPath)
    {
        _socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        _stream = new NetworkStream(_socket, ownsSocket: true);
    }

    public static byte[] Frame(int opcode, int id, params byte[] payload)
    {
        var frame = new byte[7 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)(3 + payload.Length));
        frame[4] = (byte)opcode;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(5), (ushort)id);
        payload.CopyTo(frame, 7);
        return frame;
    }

    public void Send(byte[] bytes) => _stream.Write(bytes);

    /// <summary>The next frame's body (opcode, id, payload); null when the server closed the socket.</summary>
    public async Task<byte[]?> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var header = new byte[4];
        if (await _stream.ReadAtLeastAsync(header, 4, throwOnEndOfStream: false, timeout.Token) < 4)
        {
            return null;
        }

        var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header)];
        await _stream.ReadExactlyAsync(body, timeout.Token);
        return body;
    }

    /// <summary>
    /// True when the server has closed its end: end of stream, or a reset when it closed with our bytes unread
    /// (what a frame with a bad length leaves behind).
    /// </summary>
    public async Task<bool> ClosedByServerAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var buffer = new byte[1];
        try
        {
            return await _stream.ReadAsync(buffer, timeout.Token) == 0;
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            return true;
        }
    }

    public void Dispose() => _stream.Dispose();
}
