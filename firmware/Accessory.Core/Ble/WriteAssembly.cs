using Accessory.Core.Text;

namespace Accessory.Core.Ble;

/// <summary>
/// One value written in (offset, bytes) pieces, as long writes deliver it: offset 0 starts a new value, every other
/// piece must continue exactly where the bytes so far end, and the total is capped so a central cannot make the
/// device buffer without bound.
/// </summary>
internal sealed class WriteAssembly
{
    private readonly ByteBuilder _bytes = new ByteBuilder();
    private readonly int _max;

    public WriteAssembly(int max)
    {
        _max = max;
    }

    public int Length => _bytes.Length;

    public GattStatus Accept(int offset, byte[] data)
    {
        if (offset == 0)
        {
            _bytes.Clear();
        }
        else if (offset != _bytes.Length)
        {
            return GattStatus.InvalidOffset;
        }

        if (_bytes.Length + data.Length > _max)
        {
            // A half value cannot be completed any more; dropping it keeps the next request clean.
            _bytes.Clear();
            return GattStatus.InvalidAttributeValueLength;
        }

        _bytes.Append(data);
        return GattStatus.Success;
    }

    public byte[] ToArray() => _bytes.ToArray();

    public void Clear() => _bytes.Clear();
}
