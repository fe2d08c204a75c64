namespace Accessory.Core.Nan;

/// <summary>Why a service name was refused; <see cref="NanServiceNameErrors.Describe"/> gives the sentence.</summary>
public enum NanServiceNameError
{
    None,
    Empty,
    TooLong,
    InvalidCharacter,
    NoLetter,
    HyphenAtEdge,
    ConsecutiveHyphens,
    NotAppleFullName,
}
