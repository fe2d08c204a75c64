using System;

namespace Accessory.Core.Nan;

/// <summary>Checks shared by publish and subscribe configurations.</summary>
internal static class NanConfigChecks
{
    // IClock takes an int of milliseconds.
    public const int MaxTtlSeconds = int.MaxValue / 1000;

    public static void CheckTtl(int ttlSeconds)
    {
        if (ttlSeconds < 0 || ttlSeconds > MaxTtlSeconds)
        {
            throw new ArgumentException("TTL must be 0 (until cancelled) or 1.." + MaxTtlSeconds + " seconds");
        }
    }

    public static void CheckField(byte[]? field, string what)
    {
        if (field != null && field.Length > NanServiceDescriptor.MaxFieldLength)
        {
            throw new ArgumentException("the " + what + " is " + field.Length + " bytes; at most " + NanServiceDescriptor.MaxFieldLength + " fit an SDF");
        }
    }

    public static void CheckInstanceId(byte instanceId)
    {
        if (instanceId == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(instanceId), "instance id 0 is reserved for \"no instance\"");
        }
    }
}
