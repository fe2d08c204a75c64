using System;
using System.Collections;
using Accessory.Core.Text;

namespace Accessory.Core.Settings;

/// <summary>
/// Typed key/value settings of one device (its NVS). Values are kept as bytes with a kind tag so the image format
/// stays the same on every body. Not thread-safe: the owner serialises access.
/// </summary>
public sealed class DeviceSettings
{
    private readonly ArrayList _entries = new ArrayList();

    public int Count => _entries.Count;

    public SettingEntry this[int index] => (SettingEntry)_entries[index]!;

    public bool Contains(string key) => IndexOf(key) >= 0;

    public string? GetString(string key)
    {
        var entry = Find(key, SettingKind.Text);
        return entry == null ? null : Utf8.Decode(entry.Value);
    }

    public byte[]? GetBytes(string key)
    {
        var entry = Find(key, SettingKind.Bytes);
        return entry == null ? null : Copy(entry.Value);
    }

    public int GetInt32(string key, int fallback)
    {
        var entry = Find(key, SettingKind.Number);
        if (entry == null)
        {
            return fallback;
        }

        var v = entry.Value;
        return v[0] | (v[1] << 8) | (v[2] << 16) | (v[3] << 24);
    }

    public bool GetBoolean(string key, bool fallback)
    {
        var entry = Find(key, SettingKind.Boolean);
        return entry == null ? fallback : entry.Value[0] != 0;
    }

    public void SetString(string key, string value) => Put(key, SettingKind.Text, Utf8.Encode(value));

    public void SetBytes(string key, byte[] value) => Put(key, SettingKind.Bytes, Copy(value));

    public void SetInt32(string key, int value)
    {
        Put(key, SettingKind.Number, new byte[] { (byte)value, (byte)(value >> 8), (byte)(value >> 16), (byte)(value >> 24) });
    }

    public void SetBoolean(string key, bool value) => Put(key, SettingKind.Boolean, new byte[] { value ? (byte)1 : (byte)0 });

    public bool Remove(string key)
    {
        int index = IndexOf(key);
        if (index < 0)
        {
            return false;
        }

        _entries.RemoveAt(index);
        return true;
    }

    public void Clear() => _entries.Clear();

    /// <summary>Adds an entry as read from an image; the codec has already checked its shape.</summary>
    internal void PutRaw(SettingEntry entry)
    {
        int index = IndexOf(entry.Key);
        if (index >= 0)
        {
            _entries[index] = entry;
        }
        else
        {
            _entries.Add(entry);
        }
    }

    private void Put(string key, SettingKind kind, byte[] value)
    {
        SettingsCodec.CheckKey(key);
        if (value.Length > SettingsCodec.MaxValueLength)
        {
            throw new ArgumentException("setting '" + key + "' is " + value.Length + " bytes; the limit is " + SettingsCodec.MaxValueLength);
        }

        int index = IndexOf(key);
        if (index < 0 && _entries.Count >= SettingsCodec.MaxEntries)
        {
            throw new InvalidOperationException("settings are full: at most " + SettingsCodec.MaxEntries + " keys");
        }

        PutRaw(new SettingEntry(key, kind, value));
    }

    private SettingEntry? Find(string key, SettingKind kind)
    {
        int index = IndexOf(key);
        if (index < 0)
        {
            return null;
        }

        var entry = (SettingEntry)_entries[index]!;
        if (entry.Kind != kind)
        {
            throw new InvalidOperationException("setting '" + key + "' holds " + KindName(entry.Kind) + ", not " + KindName(kind));
        }

        return entry;
    }

    private int IndexOf(string key)
    {
        for (int i = 0; i < _entries.Count; i++)
        {
            if (((SettingEntry)_entries[i]!).Key == key)
            {
                return i;
            }
        }

        return -1;
    }

    internal static string KindName(SettingKind kind)
    {
        switch (kind)
        {
            case SettingKind.Text: return "a string";
            case SettingKind.Bytes: return "bytes";
            case SettingKind.Number: return "an integer";
            case SettingKind.Boolean: return "a boolean";
            default: return "kind " + (int)kind;
        }
    }

    private static byte[] Copy(byte[] value)
    {
        var copy = new byte[value.Length];
        Array.Copy(value, copy, value.Length);
        return copy;
    }
}
