namespace Accessory.Core.Provisioning.Security;

/// <summary>The protocomm status codes (constants.proto); values are on the wire.</summary>
public enum SessionStatus
{
    Success = 0,
    InvalidSecScheme = 1,
    InvalidProto = 2,
    TooManySessions = 3,
    InvalidArgument = 4,
    InternalError = 5,
    CryptoError = 6,
    InvalidSession = 7,
}
