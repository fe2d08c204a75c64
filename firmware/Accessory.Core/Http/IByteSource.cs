namespace Accessory.Core.Http;

/// <summary>
/// Where request bytes come from (a socket or TLS stream on either body): like Stream.Read, 0 means the peer
/// closed. Kept this small so the parser runs the same on nanoFramework and .NET.
/// </summary>
public interface IByteSource
{
    int Read(byte[] buffer, int offset, int count);
}
