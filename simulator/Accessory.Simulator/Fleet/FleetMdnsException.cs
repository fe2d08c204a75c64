namespace Accessory.Simulator.Fleet;

/// <summary>The fleet's mDNS advertising cannot start on the interface it was given (its sockets cannot be opened).</summary>
public sealed class FleetMdnsException : Exception
{
    public FleetMdnsException()
    {
    }

    public FleetMdnsException(string message)
        : base(message)
    {
    }

    public FleetMdnsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
