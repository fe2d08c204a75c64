using System;

namespace Accessory.Core.Nan;

/// <summary>
/// One Service Descriptor Attribute (attribute id 0x03). Optional fields are null when absent; the presence bits of
/// the Service Control field follow from them.
/// </summary>
public sealed class NanServiceDescriptor
{
    /// <summary>Matching filter, response filter and service info each carry a one-byte length.</summary>
    public const int MaxFieldLength = 255;

    public NanServiceDescriptor(
        NanServiceId serviceId,
        byte instanceId,
        byte requestorInstanceId,
        NanServiceControlType type,
        byte[]? matchingFilter,
        byte[]? serviceResponseFilter,
        byte[]? serviceInfo)
    {
        ServiceId = serviceId ?? throw new ArgumentNullException(nameof(serviceId));
        InstanceId = instanceId;
        RequestorInstanceId = requestorInstanceId;
        Type = type;
        MatchingFilter = CheckField(matchingFilter, nameof(matchingFilter));
        ServiceResponseFilter = CheckField(serviceResponseFilter, nameof(serviceResponseFilter));
        ServiceInfo = CheckField(serviceInfo, nameof(serviceInfo));
    }

    public NanServiceId ServiceId { get; }

    public byte InstanceId { get; }

    /// <summary>The peer's instance id this frame answers; 0 when it answers nobody in particular.</summary>
    public byte RequestorInstanceId { get; }

    public NanServiceControlType Type { get; }

    public byte[]? MatchingFilter { get; }

    /// <summary>Kept opaque (SRF control byte included): the model never filters on it.</summary>
    public byte[]? ServiceResponseFilter { get; }

    public byte[]? ServiceInfo { get; }

    private static byte[]? CheckField(byte[]? field, string name)
    {
        if (field != null && field.Length > MaxFieldLength)
        {
            throw new ArgumentException("at most " + MaxFieldLength + " bytes fit the one-byte length field", name);
        }

        return field;
    }
}
