using System;

namespace Accessory.Core.Http;

/// <summary>A request the server answers with an error status and then closes the connection.</summary>
public sealed class HttpRequestRefusedException : Exception
{
    public HttpRequestRefusedException(int status, string message)
        : base(message)
    {
        Status = status;
    }

    public int Status { get; }
}
