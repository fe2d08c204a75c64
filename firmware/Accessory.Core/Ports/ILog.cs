namespace Accessory.Core.Ports;

/// <summary>
/// Where the core writes its log lines. Callers must never pass secrets (passphrases, PoP, keys):
/// values from the settings store go through <see cref="Settings.SettingsDisplay"/> which redacts them.
/// </summary>
public interface ILog
{
    bool IsEnabled(LogLevel level);

    void Write(LogLevel level, string component, string message);
}
