using System;

using Accessory.Core.Provisioning.Messages;

namespace Accessory.Core.Provisioning.Security;

/// <summary>
/// A refused handshake or cipher call: unknown session, wrong order, wrong size, failed proof, malformed message.
/// ESP-IDF answers these by closing the socket, so the transport drops the connection. Messages never carry secrets.
/// </summary>
public sealed class SecuritySessionException : Exception
{
    public SecuritySessionException()
    {
    }

    public SecuritySessionException(string message)
        : base(message)
    {
    }

    public SecuritySessionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SecuritySessionException(StatusCode status, string message)
        : base(message)
    {
        Status = status;
    }

    public SecuritySessionException(StatusCode status, string message, Exception innerException)
        : base(message, innerException)
    {
        Status = status;
    }

    /// <summary>The closest protocomm status, for logs and for transports that report one.</summary>
    public StatusCode Status { get; } = StatusCode.InternalError;
}
