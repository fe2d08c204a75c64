namespace Accessory.Simulator.Http;

/// <summary>A request the server refuses before routing: the status to send, then the socket is closed.</summary>
internal sealed class HttpRequestError : Exception
{
    public HttpRequestError()
    {
        Reason = string.Empty;
    }

    public HttpRequestError(string message)
        : base(message)
    {
        Reason = message;
    }

    public HttpRequestError(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    public HttpRequestError(int status, string reason)
        : base(reason)
    {
        Status = status;
        Reason = reason;
    }

    public int Status { get; }

    public string Reason { get; }
}
