using System;
using System.Collections;
using Accessory.Core.Text;

namespace Accessory.Core.Nan;

/// <summary>
/// The NAN attributes of a Service Discovery Frame as they follow the vendor-specific public action header:
/// OUI 50-6F-9A, OUI type 0x13, then attributes of id (1), length (2, little-endian) and body. Only the Service
/// Descriptor Attribute is interpreted. Decoding is total: any byte array yields descriptors or a typed error.
/// </summary>
public static class NanSdfCodec
{
    public const byte OuiType = 0x13;
    public const byte ServiceDescriptorAttributeId = 0x03;

    // Service id (6), instance id, requestor instance id, service control.
    private const int FixedDescriptorLength = NanServiceId.Length + 3;
    private const int ControlTypeMask = 0x03;
    private const int MatchingFilterPresent = 0x04;
    private const int ResponseFilterPresent = 0x08;
    private const int ServiceInfoPresent = 0x10;
    private const int BindingBitmapPresent = 0x40;

    private static readonly byte[] WfaOui = new byte[] { 0x50, 0x6F, 0x9A };

    public static byte[] Encode(NanServiceDescriptor descriptor)
    {
        if (descriptor == null)
        {
            throw new ArgumentNullException(nameof(descriptor));
        }

        return Encode(new NanServiceDescriptor[] { descriptor });
    }

    public static byte[] Encode(NanServiceDescriptor[] descriptors)
    {
        if (descriptors == null)
        {
            throw new ArgumentNullException(nameof(descriptors));
        }

        var builder = new ByteBuilder();
        builder.Append(WfaOui);
        builder.Append(OuiType);
        for (int i = 0; i < descriptors.Length; i++)
        {
            AppendDescriptor(builder, descriptors[i]);
        }

        return builder.ToArray();
    }

    public static NanSdfDecodeResult Decode(byte[]? payload)
    {
        if (payload == null || payload.Length < WfaOui.Length + 1)
        {
            return Fail(NanSdfError.Truncated);
        }

        if (payload[0] != WfaOui[0] || payload[1] != WfaOui[1] || payload[2] != WfaOui[2] || payload[3] != OuiType)
        {
            return Fail(NanSdfError.NotNanSdf);
        }

        var descriptors = new ArrayList();
        int skipped = 0;
        int at = 4;
        while (at < payload.Length)
        {
            if (payload.Length - at < 3)
            {
                return Fail(NanSdfError.Truncated);
            }

            int id = payload[at];
            int length = payload[at + 1] | (payload[at + 2] << 8);
            at += 3;
            if (length > payload.Length - at)
            {
                return Fail(NanSdfError.BadAttributeLength);
            }

            if (id == ServiceDescriptorAttributeId)
            {
                NanServiceDescriptor? descriptor = DecodeDescriptor(payload, at, length, out NanSdfError error);
                if (descriptor == null)
                {
                    return Fail(error);
                }

                descriptors.Add(descriptor);
            }
            else
            {
                skipped++;
            }

            at += length;
        }

        var array = new NanServiceDescriptor[descriptors.Count];
        for (int i = 0; i < array.Length; i++)
        {
            array[i] = (NanServiceDescriptor)descriptors[i]!;
        }

        return new NanSdfDecodeResult(NanSdfError.None, array, skipped);
    }

    private static void AppendDescriptor(ByteBuilder builder, NanServiceDescriptor d)
    {
        int control = (int)d.Type;
        int length = FixedDescriptorLength;
        if (d.MatchingFilter != null)
        {
            control |= MatchingFilterPresent;
            length += 1 + d.MatchingFilter.Length;
        }

        if (d.ServiceResponseFilter != null)
        {
            control |= ResponseFilterPresent;
            length += 1 + d.ServiceResponseFilter.Length;
        }

        if (d.ServiceInfo != null)
        {
            control |= ServiceInfoPresent;
            length += 1 + d.ServiceInfo.Length;
        }

        builder.Append(ServiceDescriptorAttributeId);
        builder.Append((byte)length);
        builder.Append((byte)(length >> 8));
        builder.Append(d.ServiceId.ToArray());
        builder.Append(d.InstanceId);
        builder.Append(d.RequestorInstanceId);
        builder.Append((byte)control);
        AppendField(builder, d.MatchingFilter);
        AppendField(builder, d.ServiceResponseFilter);
        AppendField(builder, d.ServiceInfo);
    }

    private static void AppendField(ByteBuilder builder, byte[]? field)
    {
        if (field != null)
        {
            builder.Append((byte)field.Length);
            builder.Append(field);
        }
    }

    private static NanServiceDescriptor? DecodeDescriptor(byte[] b, int start, int length, out NanSdfError error)
    {
        if (length < FixedDescriptorLength)
        {
            error = NanSdfError.BadServiceDescriptor;
            return null;
        }

        int control = b[start + 8];
        if ((control & ControlTypeMask) == 3)
        {
            error = NanSdfError.UnknownServiceControlType;
            return null;
        }

        int end = start + length;
        int at = start + FixedDescriptorLength;

        // Binding bitmap (2 bytes) sits before the filters; the model has no use for it but must step over it.
        if ((control & BindingBitmapPresent) != 0)
        {
            if (end - at < 2)
            {
                error = NanSdfError.BadServiceDescriptor;
                return null;
            }

            at += 2;
        }

        byte[]? matchingFilter = null;
        byte[]? responseFilter = null;
        byte[]? serviceInfo = null;
        if (((control & MatchingFilterPresent) != 0 && !ReadField(b, ref at, end, out matchingFilter))
            || ((control & ResponseFilterPresent) != 0 && !ReadField(b, ref at, end, out responseFilter))
            || ((control & ServiceInfoPresent) != 0 && !ReadField(b, ref at, end, out serviceInfo)))
        {
            error = NanSdfError.BadServiceDescriptor;
            return null;
        }

        error = NanSdfError.None;
        return new NanServiceDescriptor(
            NanServiceId.FromBytes(b, start),
            b[start + 6],
            b[start + 7],
            (NanServiceControlType)(control & ControlTypeMask),
            matchingFilter,
            responseFilter,
            serviceInfo);
    }

    private static bool ReadField(byte[] b, ref int at, int end, out byte[]? field)
    {
        field = null;
        if (end - at < 1)
        {
            return false;
        }

        int length = b[at];
        if (end - at - 1 < length)
        {
            return false;
        }

        field = new byte[length];
        Array.Copy(b, at + 1, field, 0, length);
        at += 1 + length;
        return true;
    }

    private static NanSdfDecodeResult Fail(NanSdfError error) => new NanSdfDecodeResult(error, null, 0);
}
