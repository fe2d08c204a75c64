namespace Accessory.Core.Ports;

/// <summary>Severity of a log line; mirrors the levels every body can map to its own logger.</summary>
public enum LogLevel
{
    Trace = 0,
    Debug = 1,
    Information = 2,
    Warning = 3,
    Error = 4,
}
