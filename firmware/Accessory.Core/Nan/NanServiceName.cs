using System;

namespace Accessory.Core.Nan;

/// <summary>
/// A Wi-Fi Aware service name as it goes over the air. iOS declares a short RFC 6335 name in Info.plist
/// (`WiFiAwareServices`) and sends `_name._tcp` / `_name._udp`; Android passes a free-form string. Both end up as
/// the string hashed into the <see cref="NanServiceId"/>, so an Android peer interoperates with iOS by using the
/// full `_name._tcp` form.
/// </summary>
public sealed class NanServiceName
{
    /// <summary>RFC 6335 section 5.1, which Apple's WiFiAware documentation points to.</summary>
    public const int MaxAppleNameLength = 15;

    /// <summary>Android's PublishConfig.Builder#setServiceName: 1 to 255 UTF-8 bytes.</summary>
    public const int MaxAndroidNameBytes = 255;

    private NanServiceName(string fullName)
    {
        FullName = fullName;
    }

    /// <summary>The exact string sent over the air and hashed into the service id.</summary>
    public string FullName { get; }

    /// <summary>iOS: `name` as declared, plus the protocol; e.g. ("accessory", Tcp) is `_accessory._tcp`.</summary>
    public static NanServiceName? TryFromApple(string name, NanServiceProtocol protocol, out NanServiceNameError error)
    {
        if (name == null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        error = ValidateAppleName(name);
        if (error != NanServiceNameError.None)
        {
            return null;
        }

        return new NanServiceName("_" + name + (protocol == NanServiceProtocol.Tcp ? "._tcp" : "._udp"));
    }

    /// <summary>iOS: an Info.plist key such as `_accessory._tcp`.</summary>
    public static NanServiceName? TryFromAppleFullName(string fullName, out NanServiceNameError error)
    {
        if (fullName == null)
        {
            throw new ArgumentNullException(nameof(fullName));
        }

        if (fullName.Length < 7 || fullName[0] != '_')
        {
            error = fullName.Length == 0 ? NanServiceNameError.Empty : NanServiceNameError.NotAppleFullName;
            return null;
        }

        string suffix = fullName.Substring(fullName.Length - 5);
        NanServiceProtocol protocol;
        if (suffix == "._tcp")
        {
            protocol = NanServiceProtocol.Tcp;
        }
        else if (suffix == "._udp")
        {
            protocol = NanServiceProtocol.Udp;
        }
        else
        {
            error = NanServiceNameError.NotAppleFullName;
            return null;
        }

        return TryFromApple(fullName.Substring(1, fullName.Length - 6), protocol, out error);
    }

    /// <summary>Android: the string given to PublishConfig/SubscribeConfig.Builder#setServiceName.</summary>
    public static NanServiceName? TryFromAndroid(string name, out NanServiceNameError error)
    {
        if (name == null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        error = ValidateAndroidName(name);
        return error == NanServiceNameError.None ? new NanServiceName(name) : null;
    }

    /// <summary>Like <see cref="TryFromAndroid"/> for configuration code: refuses with the reason in the message.</summary>
    public static NanServiceName FromAndroid(string name)
    {
        NanServiceName? result = TryFromAndroid(name, out NanServiceNameError error);
        if (result == null)
        {
            throw new ArgumentException("Invalid Wi-Fi Aware service name \"" + name + "\": " + NanServiceNameErrors.Describe(error), nameof(name));
        }

        return result;
    }

    /// <summary>Like <see cref="TryFromApple"/> for configuration code: refuses with the reason in the message.</summary>
    public static NanServiceName FromApple(string name, NanServiceProtocol protocol)
    {
        NanServiceName? result = TryFromApple(name, protocol, out NanServiceNameError error);
        if (result == null)
        {
            throw new ArgumentException("Invalid iOS Wi-Fi Aware service name \"" + name + "\": " + NanServiceNameErrors.Describe(error), nameof(name));
        }

        return result;
    }

    public static NanServiceNameError ValidateAppleName(string name)
    {
        if (name.Length == 0)
        {
            return NanServiceNameError.Empty;
        }

        if (name.Length > MaxAppleNameLength)
        {
            return NanServiceNameError.TooLong;
        }

        bool letter = false;
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            bool isLetter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            letter |= isLetter;
            if (!isLetter && !(c >= '0' && c <= '9') && c != '-')
            {
                return NanServiceNameError.InvalidCharacter;
            }

            if (c == '-' && i > 0 && name[i - 1] == '-')
            {
                return NanServiceNameError.ConsecutiveHyphens;
            }
        }

        if (!letter)
        {
            return NanServiceNameError.NoLetter;
        }

        return name[0] == '-' || name[name.Length - 1] == '-' ? NanServiceNameError.HyphenAtEdge : NanServiceNameError.None;
    }

    public static NanServiceNameError ValidateAndroidName(string name)
    {
        if (name.Length == 0)
        {
            return NanServiceNameError.Empty;
        }

        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (c >= 0x80)
            {
                // Multi-byte UTF-8 characters are all allowed, but a lone surrogate has no UTF-8 form.
                if (c >= 0xD800 && c <= 0xDFFF && !IsSurrogatePairAt(name, c >= 0xDC00 ? i - 1 : i))
                {
                    return NanServiceNameError.InvalidCharacter;
                }

                continue;
            }

            bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
            if (!allowed)
            {
                return NanServiceNameError.InvalidCharacter;
            }
        }

        return Text.Utf8.Encode(name).Length > MaxAndroidNameBytes ? NanServiceNameError.TooLong : NanServiceNameError.None;
    }

    public override string ToString() => FullName;

    private static bool IsSurrogatePairAt(string s, int i) =>
        i >= 0 && i + 1 < s.Length && s[i] >= 0xD800 && s[i] <= 0xDBFF && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF;
}
