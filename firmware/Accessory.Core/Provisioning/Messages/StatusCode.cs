namespace Accessory.Core.Provisioning.Messages;

/// <summary>protocomm's Status enum (constants.proto); the numbers are on the wire, so never renumber.</summary>
public enum StatusCode
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
