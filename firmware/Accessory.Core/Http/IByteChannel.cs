namespace Accessory.Core.Http;

/// <summary>
/// A connection's two directions as the core's protocol loops use them: a plain socket or a TLS stream on either
/// body (nanoFramework's NetworkStream/SslStream, .NET's streams over OpenSSL in the simulator). Reads block until
/// bytes arrive (0 = the peer closed); Write sends everything or throws; Close ends the connection.
/// </summary>
public interface IByteChannel : IByteSource
{
    void Write(byte[] buffer, int offset, int count);

    void Close();
}
