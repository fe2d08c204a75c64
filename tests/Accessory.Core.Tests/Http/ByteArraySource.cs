using Accessory.Core.Http;

namespace Accessory.Core.Tests.Http;

/// <summary>Feeds the parser from a byte array in chunks of a given size, as a socket would.</summary>
internal sealed class ByteArraySource : IByteSource
{
    private readonly byte[] _data;
    private readonly int _chunk;
    private int _position;

    public ByteArraySource(byte[] data, int chunk = int.MaxValue)
    {
        _data = data;
        _chunk = chunk;
    }

    public ByteArraySource(string text, int chunk = int.MaxValue)
        : this(System.Text.Encoding.Latin1.GetBytes(text), chunk)
    {
    }

    public int Read(byte[] buffer, int offset, int count)
    {
        int n = Math.Min(Math.Min(count, _chunk), _data.Length - _position);
        Array.Copy(_data, _position, buffer, offset, n);
        _position += n;
        return n;
    }
}
