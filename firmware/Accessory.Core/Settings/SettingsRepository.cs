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
        string problem;
        try
        {
            // The store refuses an oversized file by its size, before reading it, with a SettingsFormatException.
            var image = _store.Read();
            if (image == null)
            {
                return new DeviceSettings();
            }

            var settings = SettingsCodec.Decode(image);
            string? invalid = SettingsSchema.Problem(settings);
            if (invalid == null)
            {
                return settings;
            }

            problem = "settings image passes its checksum but is invalid: " + invalid;
        }
        catch (SettingsFormatException e)
        {
            problem = e.Message;
        }
        catch (InvalidOperationException e)
        {
            problem = "settings image passes its checksum but is invalid: " + e.Message;
        }
        catch (ArgumentException e)
        {
            // A checksummed image whose entries the settings model refuses (a bad key, a duplicate, too many).
            problem = "settings image passes its checksum but is invalid: " + e.Message;
        }

        string movedTo = _store.MoveAside(problem);
        LastLoadProblem = problem;
        _log.Write(LogLevel.Error, Component, "stored settings are unreadable (" + problem + "); moved aside to " + movedTo + "; starting unprovisioned");
        return new DeviceSettings();
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
