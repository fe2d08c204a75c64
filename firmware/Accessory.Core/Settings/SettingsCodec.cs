using System;
using Accessory.Core.Text;

namespace Accessory.Core.Settings;

/// <summary>
/// The settings image, identical on every body (see docs/settings-format.md):
/// <code>
/// "ACS1" | version u8 | entry count u16 LE | payload length u32 LE | entries | CRC-32 u32 LE
/// entry: key length u8 | key (ASCII) | kind u8 | value length u32 LE | value
/// </code>
/// The CRC covers every byte before it. Decoding is total: any input yields settings or a
/// <see cref="SettingsFormatException"/> whose message says exactly what is wrong.
/// </summary>
public static class SettingsCodec
{
    public const byte FormatVersion = 1;
    public const int MaxKeyLength = 64;
    public const int MaxValueLength = 16 * 1024;
    public const int MaxEntries = 128;

    private const int HeaderLength = 11;
    private const int TrailerLength = 4;
    private static readonly byte[] Magic = { 0x41, 0x43, 0x53, 0x31 };

    public static byte[] Encode(DeviceSettings settings)
    {
        var payload = new ByteBuilder(256);
        for (int i = 0; i < settings.Count; i++)
        {
            var entry = settings[i];
            var key = Utf8.Encode(entry.Key);
            payload.Append((byte)key.Length);
            payload.Append(key);
            payload.Append((byte)entry.Kind);
            payload.AppendUInt32LittleEndian((uint)entry.Value.Length);
            payload.Append(entry.Value);
        }

        var image = new ByteBuilder(HeaderLength + payload.Length + TrailerLength);
        image.Append(Magic);
        image.Append(FormatVersion);
        image.Append((byte)settings.Count);
        image.Append((byte)(settings.Count >> 8));
        image.AppendUInt32LittleEndian((uint)payload.Length);
        image.Append(payload.ToArray());
        var withoutCrc = image.ToArray();
        image.AppendUInt32LittleEndian(Crc32.Compute(withoutCrc, 0, withoutCrc.Length));
        return image.ToArray();
    }

    public static DeviceSettings Decode(byte[] image)
    {
        if (image.Length < HeaderLength + TrailerLength)
        {
            throw new SettingsFormatException("settings image truncated: " + image.Length + " bytes, a valid image has at least " + (HeaderLength + TrailerLength));
        }

        for (int i = 0; i < Magic.Length; i++)
        {
            if (image[i] != Magic[i])
            {
                throw new SettingsFormatException("not a settings image: bad magic at byte " + i);
            }
        }

        if (image[4] != FormatVersion)
        {
            throw new SettingsFormatException("settings format version " + image[4] + " is not supported (expected " + FormatVersion + ")");
        }

        int count = image[5] | (image[6] << 8);
        uint payloadLength = ReadUInt32(image, 7);
        long expected = HeaderLength + (long)payloadLength + TrailerLength;
        if (image.Length != expected)
        {
            throw new SettingsFormatException("settings image truncated or padded: header announces " + expected + " bytes, found " + image.Length);
        }

        int crcAt = image.Length - TrailerLength;
        uint stored = ReadUInt32(image, crcAt);
        uint actual = Crc32.Compute(image, 0, crcAt);
        if (stored != actual)
        {
            throw new SettingsFormatException("settings image corrupted: checksum 0x" + actual.ToString("X8") + " does not match stored 0x" + stored.ToString("X8"));
        }

        if (count > MaxEntries)
        {
            throw new SettingsFormatException("settings image holds " + count + " entries; the limit is " + MaxEntries);
        }

        return ReadEntries(image, HeaderLength, crcAt, count);
    }

    internal static void CheckKey(string key)
    {
        if (key.Length == 0 || key.Length > MaxKeyLength)
        {
            throw new ArgumentException("setting key must be 1.." + MaxKeyLength + " characters: '" + key + "'");
        }

        for (int i = 0; i < key.Length; i++)
        {
            char c = key[i];
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
            if (!ok)
            {
                throw new ArgumentException("setting key '" + key + "' has character '" + c + "'; use letters, digits, '.', '_' or '-'");
            }
        }
    }

    private static DeviceSettings ReadEntries(byte[] image, int offset, int end, int count)
    {
        var settings = new DeviceSettings();
        int at = offset;
        for (int n = 0; n < count; n++)
        {
            if (at >= end)
            {
                throw new SettingsFormatException("settings entry " + n + " of " + count + " is missing");
            }

            int keyLength = image[at++];
            if (keyLength == 0 || keyLength > MaxKeyLength || at + keyLength + 5 > end)
            {
                throw new SettingsFormatException("settings entry " + n + " has a bad key length " + keyLength);
            }

            string key = Utf8.Decode(image, at, keyLength);
            at += keyLength;
            int kind = image[at++];
            if (kind < (int)SettingKind.Text || kind > (int)SettingKind.Boolean)
            {
                throw new SettingsFormatException("setting '" + key + "' has unknown kind " + kind);
            }

            uint valueLength = ReadUInt32(image, at);
            at += 4;
            if (valueLength > MaxValueLength || at + valueLength > end || !LengthFits((SettingKind)kind, valueLength))
            {
                throw new SettingsFormatException("setting '" + key + "' has a bad value length " + valueLength);
            }

            var value = new byte[valueLength];
            Array.Copy(image, at, value, 0, (int)valueLength);
            at += (int)valueLength;
            try
            {
                CheckKey(key);
            }
            catch (ArgumentException e)
            {
                throw new SettingsFormatException("settings entry " + n + ": " + e.Message);
            }

            settings.PutRaw(new SettingEntry(key, (SettingKind)kind, value));
        }

        if (at != end)
        {
            throw new SettingsFormatException("settings image has " + (end - at) + " unexpected bytes after " + count + " entries");
        }

        return settings;
    }

    private static bool LengthFits(SettingKind kind, uint length)
    {
        if (kind == SettingKind.Number)
        {
            return length == 4;
        }

        return kind != SettingKind.Boolean || length == 1;
    }

    private static uint ReadUInt32(byte[] b, int at)
    {
        return (uint)(b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24));
    }
}
