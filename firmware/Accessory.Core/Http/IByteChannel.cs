namespace Accessory.Core.Http;

/// <summary>
/// A connection's two directions as the core's protocol loops use them: a plain socket or a TLS stream on either
/// body (nanoFramework's NetworkStream/SslStream, .NET's streams over OpenSSL in the simulator). Reads block until
/// bytes arrive (0 = the peer closed); Write sends everything or throws; Close ends the connection.
/// </summary>
public interface IByteChannel : IByteSource
{
    /// <summary>
    /// Waits up to <paramref name="milliseconds"/> for something to read; true when <see cref="IByteSource.Read"/>
    /// would return without waiting long (bytes, buffered TLS data, or the peer's close). Lets one thread both read
    /// and write a connection: mbedTLS on the board must not read and write one TLS session from two threads at once.
    /// </summary>
    bool WaitReadable(int milliseconds);

    void Write(byte[] buffer, int offset, int count);

    void Close();
}
