namespace Accessory.Simulator.Ble.BlueZ;

/// <summary>BlueZ could not be used: the message says what to fix; <see cref="ErrorName"/> is BlueZ's error, if any.</summary>
public sealed class BluezException : Exception
{
    public BluezException()
    {
    }

    public BluezException(string message)
        : base(message)
    {
    }

    public BluezException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BluezException(string message, string? errorName, Exception? innerException)
        : base(message, innerException)
    {
        ErrorName = errorName;
    }

    public string? ErrorName { get; }
}
