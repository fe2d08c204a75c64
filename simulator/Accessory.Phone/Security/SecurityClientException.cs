namespace Accessory.Phone.Security;

/// <summary>The device's handshake reply was refused by the client (bad status, wrong proof, malformed reply).</summary>
public sealed class SecurityClientException : Exception
{
    public SecurityClientException()
    {
    }

    public SecurityClientException(string message)
        : base(message)
    {
    }

    public SecurityClientException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
