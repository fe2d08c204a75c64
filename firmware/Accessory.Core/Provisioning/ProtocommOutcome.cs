namespace Accessory.Core.Provisioning;

/// <summary>How the router disposed of a request; transports map it to their own signalling.</summary>
public enum ProtocommOutcome
{
    Ok = 0,
    UnknownEndpoint = 1,
    NoSession = 2,
    HandlerFailed = 3,
    Stopped = 4,
}
