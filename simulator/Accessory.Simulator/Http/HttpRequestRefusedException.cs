namespace Accessory.Simulator.Http;

/// <summary>A request the server refuses before routing: the status to send, then the socket is closed.</summary>
internal sealed class HttpRequestRefusedException : Exception
{
    public HttpRequestRefusedException()
    {
        Reason = string.Empty;
    }

    public HttpRequestRefusedException(string message)
        : base(message)
    {
        Reason = message;
    }

    public HttpRequestRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    public HttpRequestRefusedException(int status, string reason)
        : base(reason)
    {
        Status = status;
        Reason = reason;
    }

    public int Status { get; }

    public string Reason { get; }
}
