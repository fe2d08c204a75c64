namespace Accessory.Core.Nan;

/// <summary>Human-readable reasons, worded after the rules Apple and Android document.</summary>
public static class NanServiceNameErrors
{
    public static string Describe(NanServiceNameError error)
    {
        switch (error)
        {
            case NanServiceNameError.None:
                return "valid";
            case NanServiceNameError.Empty:
                return "a service name must not be empty";
            case NanServiceNameError.TooLong:
                return "the service name is too long (iOS: at most 15 characters before _tcp/_udp; Android: at most 255 UTF-8 bytes)";
            case NanServiceNameError.InvalidCharacter:
                return "the service name has a character outside the allowed set (iOS: A-Z a-z 0-9 and '-'; Android: also '.' and '_', or any multi-byte UTF-8 character)";
            case NanServiceNameError.NoLetter:
                return "an iOS service name needs at least one letter";
            case NanServiceNameError.HyphenAtEdge:
                return "an iOS service name must not start or end with '-'";
            case NanServiceNameError.ConsecutiveHyphens:
                return "an iOS service name must not contain '--' (RFC 6335 section 5.1)";
            case NanServiceNameError.NotAppleFullName:
                return "an iOS full service name reads _name._tcp or _name._udp";
            default:
                return "unknown service name error";
        }
    }
}
