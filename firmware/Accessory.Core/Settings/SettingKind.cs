namespace Accessory.Core.Settings;

/// <summary>The type of a stored value; its number is written into the settings image, so never renumber.</summary>
public enum SettingKind
{
    Text = 1,
    Bytes = 2,
    Number = 3,
    Boolean = 4,
}
