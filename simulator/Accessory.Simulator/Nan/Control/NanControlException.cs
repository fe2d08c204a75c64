namespace Accessory.Simulator.Nan.Control;

/// <summary>A control command that cannot be carried out; the client gets "FAIL", the log gets this message.</summary>
public sealed class NanControlException : Exception
{
    public NanControlException(string message)
        : base(message)
    {
    }

    public NanControlException()
    {
    }

    public NanControlException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
