namespace Accessory.Core.Settings;

/// <summary>One stored key with its type and raw value bytes.</summary>
public sealed class SettingEntry
{
    public SettingEntry(string key, SettingKind kind, byte[] value)
    {
        Key = key;
        Kind = kind;
        Value = value;
    }

    public string Key { get; }

    public SettingKind Kind { get; }

    public byte[] Value { get; }
}
