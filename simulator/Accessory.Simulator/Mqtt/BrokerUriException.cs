namespace Accessory.Simulator.Mqtt;

/// <summary>A broker URI the simulator cannot use; the message says which part is wrong.</summary>
public sealed class BrokerUriException : FormatException
{
    public BrokerUriException()
    {
    }

    public BrokerUriException(string message)
        : base(message)
    {
    }

    public BrokerUriException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
