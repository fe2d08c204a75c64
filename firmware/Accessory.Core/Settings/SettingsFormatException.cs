using System;

namespace Accessory.Core.Settings;

/// <summary>A settings image that cannot be trusted: truncated, corrupted, or from an unknown format version.</summary>
public sealed class SettingsFormatException : Exception
{
    public SettingsFormatException()
    {
    }

    public SettingsFormatException(string message)
        : base(message)
    {
    }

    public SettingsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
