using Accessory.Core.Ports;
using Accessory.Core.Settings;

namespace Accessory.Core.LocalApi;

/// <summary>
/// The per-device secret a paired phone presents to the local API (<c>Authorization: Bearer</c>) and to the BLE
/// control characteristic: 128 random bits as 32 lowercase hex digits, kept in the settings, handed out only over an
/// authenticated provisioning session, and replaced by a factory reset so earlier phones lose access.
/// </summary>
public sealed class AccessToken
{
    /// <summary>Random bytes in a token (128 bits).</summary>
    public const int RandomBytes = 16;

    /// <summary>The token's length in characters.</summary>
    public const int Length = RandomBytes * 2;

    private const string HexDigits = "0123456789abcdef";
    private const string BearerPrefix = "Bearer ";
    private readonly object _gate = new object();
    private string _value;

    private AccessToken(string value)
    {
        _value = value;
    }

    /// <summary>The current token. A secret: never log it.</summary>
    public string Value
    {
        get
        {
            lock (_gate)
            {
                return _value;
            }
        }
    }

    /// <summary>The token stored in <paramref name="settings"/>, or a new one stored there (then <paramref name="created"/>).</summary>
    public static AccessToken LoadOrCreate(DeviceSettings settings, IRandom random, out bool created)
    {
        string? stored = settings.GetString(SettingKeys.ApiToken);
        created = stored == null || !IsWellFormed(stored);
        if (created)
        {
            stored = NewValue(random);
            settings.SetString(SettingKeys.ApiToken, stored);
        }

        return new AccessToken(stored!);
    }

    /// <summary>A new token in place of the old one, stored in <paramref name="settings"/> (the caller saves them).</summary>
    public void Rotate(DeviceSettings settings, IRandom random)
    {
        string next = NewValue(random);
        lock (_gate)
        {
            _value = next;
        }

        settings.SetString(SettingKeys.ApiToken, next);
    }

    /// <summary>
    /// Whether an Authorization header value carries this token as a Bearer credential. Compares every character
    /// whatever the first difference, so the time taken does not tell an attacker how much of a guess was right.
    /// </summary>
    public bool MatchesAuthorization(string? header)
    {
        if (header == null || header.Length != BearerPrefix.Length + Length)
        {
            return false;
        }

        for (int i = 0; i < BearerPrefix.Length - 1; i++)
        {
            // ASCII letters only, so setting bit 5 is the case-insensitive compare the scheme name calls for.
            if ((header[i] | 0x20) != (BearerPrefix[i] | 0x20))
            {
                return false;
            }
        }

        return Matches(header.Substring(BearerPrefix.Length));
    }

    /// <summary>Whether <paramref name="presented"/> is this token, in constant time for a given length.</summary>
    public bool Matches(string? presented)
    {
        string expected = Value;
        if (presented == null || presented.Length != expected.Length)
        {
            return false;
        }

        int difference = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            difference |= presented[i] ^ expected[i];
        }

        return difference == 0;
    }

    private static bool IsWellFormed(string value)
    {
        if (value.Length != Length)
        {
            return false;
        }

        for (int i = 0; i < value.Length; i++)
        {
            if (HexDigits.IndexOf(value[i]) < 0)
            {
                return false;
            }
        }

        return true;
    }

    private static string NewValue(IRandom random)
    {
        var bytes = new byte[RandomBytes];
        random.NextBytes(bytes);
        var chars = new char[Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            chars[2 * i] = HexDigits[bytes[i] >> 4];
            chars[(2 * i) + 1] = HexDigits[bytes[i] & 0xF];
        }

        return new string(chars);
    }
}
