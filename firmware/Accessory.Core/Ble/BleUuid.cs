using System;
using Accessory.Core.Text;

namespace Accessory.Core.Ble;

/// <summary>
/// A 128-bit Bluetooth UUID, held in the order it is written ("0000180a-0000-1000-8000-00805f9b34fb" is bytes
/// 00 00 18 0a ...). ATT puts UUIDs on air little-endian; <see cref="ToAttBytes"/> gives that order.
/// </summary>
public sealed class BleUuid
{
    private const string BaseSuffix = "-0000-1000-8000-00805f9b34fb";
    private readonly byte[] _bytes;

    private BleUuid(byte[] bytes)
    {
        _bytes = bytes;
    }

    /// <summary>The 16 bytes in written order (a copy).</summary>
    public byte[] Bytes => (byte[])_bytes.Clone();

    /// <summary>The 16-bit value when this is a Bluetooth SIG short UUID (on the base UUID); -1 otherwise.</summary>
    public int ShortValue
    {
        get
        {
            var full = ToString();
            if (full.Substring(0, 4) != "0000" || full.Substring(8) != BaseSuffix)
            {
                return -1;
            }

            return (_bytes[2] << 8) | _bytes[3];
        }
    }

    public static BleUuid FromShort(int value)
    {
        if (value < 0 || value > 0xFFFF)
        {
            throw new ArgumentException("a 16-bit UUID is 0..0xFFFF");
        }

        var uuid = Parse("00000000" + BaseSuffix);
        uuid._bytes[2] = (byte)(value >> 8);
        uuid._bytes[3] = (byte)value;
        return uuid;
    }

    /// <summary>Parses "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (either case); null when malformed.</summary>
    public static BleUuid? TryParse(string text)
    {
        if (text == null || text.Length != 36)
        {
            return null;
        }

        var bytes = new byte[16];
        int n = 0;
        for (int i = 0; i < 36; i++)
        {
            if (i == 8 || i == 13 || i == 18 || i == 23)
            {
                if (text[i] != '-')
                {
                    return null;
                }

                continue;
            }

            int high = Hex.Digit(text[i]);
            int low = i + 1 < 36 ? Hex.Digit(text[i + 1]) : -1;
            if (high < 0 || low < 0)
            {
                return null;
            }

            bytes[n++] = (byte)((high << 4) | low);
            i++;
        }

        return new BleUuid(bytes);
    }

    public static BleUuid Parse(string text)
    {
        var uuid = TryParse(text);
        if (uuid == null)
        {
            throw new ArgumentException("not a 128-bit UUID: '" + text + "'");
        }

        return uuid;
    }

    /// <summary>From 16 bytes in ATT (little-endian) order; null unless exactly 16 bytes.</summary>
    public static BleUuid? FromAttBytes(byte[] att)
    {
        if (att == null || att.Length != 16)
        {
            return null;
        }

        var bytes = new byte[16];
        for (int i = 0; i < 16; i++)
        {
            bytes[i] = att[15 - i];
        }

        return new BleUuid(bytes);
    }

    /// <summary>This UUID with bytes 2-3 (the "xxxx" of 0000xxxx-...) replaced, as ESP-IDF derives endpoint UUIDs.</summary>
    public BleUuid WithShortField(int value)
    {
        var bytes = Bytes;
        bytes[2] = (byte)(value >> 8);
        bytes[3] = (byte)value;
        return new BleUuid(bytes);
    }

    public byte[] ToAttBytes()
    {
        var att = new byte[16];
        for (int i = 0; i < 16; i++)
        {
            att[i] = _bytes[15 - i];
        }

        return att;
    }

    public bool SameAs(BleUuid? other)
    {
        if (other == null)
        {
            return false;
        }

        for (int i = 0; i < 16; i++)
        {
            if (_bytes[i] != other._bytes[i])
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => SameAs(obj as BleUuid);

    public override int GetHashCode() => (_bytes[0] << 24) | (_bytes[1] << 16) | (_bytes[2] << 8) | _bytes[3];

    public override string ToString()
    {
        var hex = Hex.EncodeLower(_bytes);
        return hex.Substring(0, 8) + "-" + hex.Substring(8, 4) + "-" + hex.Substring(12, 4) + "-" + hex.Substring(16, 4) + "-" + hex.Substring(20);
    }
}
