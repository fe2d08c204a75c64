using System;

namespace Accessory.Core.Provisioning;

/// <summary>
/// A well-formed provisioning request that cannot be served in the current state (status before any apply, scan
/// results beyond those kept, a blocking scan that never ended). The router turns it into a handler failure, which
/// the HTTP transport answers by closing the socket as ESP-IDF does.
/// </summary>
public sealed class ProvisioningRequestException : Exception
{
    public ProvisioningRequestException()
    {
    }

    public ProvisioningRequestException(string message)
        : base(message)
    {
    }

    public ProvisioningRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
