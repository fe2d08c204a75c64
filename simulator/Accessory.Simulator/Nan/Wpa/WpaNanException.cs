namespace Accessory.Simulator.Nan.Wpa;

/// <summary>wpa_supplicant cannot do what was asked; the message is meant for the person running the simulator.</summary>
public sealed class WpaNanException : Exception
{
    public WpaNanException()
    {
    }

    public WpaNanException(string message)
        : base(message)
    {
    }

    public WpaNanException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
