using System;
using Accessory.Core.Ports;

namespace Accessory.Core.Settings;

/// <summary>
/// Loads and saves the device's settings through an <see cref="ISettingsStore"/>. A damaged image never stops the
/// device: it is reported in one log line, moved aside for inspection, and the device starts from empty settings
/// (which means unprovisioned).
/// </summary>
public sealed class SettingsRepository
{
    private const string Component = "settings";
    private readonly ISettingsStore _store;
    private readonly ILog _log;

    public SettingsRepository(ISettingsStore store, ILog log)
    {
        _store = store;
        _log = log;
    }

    /// <summary>Set when the last <see cref="Load"/> found a damaged image; null otherwise.</summary>
    public string? LastLoadProblem { get; private set; }

    public DeviceSettings Load()
    {
        LastLoadProblem = null;
        var image = _store.Read();
        if (image == null)
        {
            return new DeviceSettings();
        }

        try
        {
            return SettingsCodec.Decode(image);
        }
        catch (SettingsFormatException e)
        {
            string movedTo = _store.MoveAside(e.Message);
            LastLoadProblem = e.Message;
            _log.Write(LogLevel.Error, Component, "stored settings are unreadable (" + e.Message + "); moved aside to " + movedTo + "; starting unprovisioned");
            return new DeviceSettings();
        }
    }

    public void Save(DeviceSettings settings)
    {
        if (settings == null)
        {
            throw new ArgumentNullException(nameof(settings));
        }

        _store.Write(SettingsCodec.Encode(settings));
    }
}
