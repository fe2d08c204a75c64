using Accessory.Core.Nan;
using Accessory.Simulator.Crypto;

namespace Accessory.Core.Tests.Nan;

public class NanSdfCodecTests
{
    private static readonly NanServiceId Id = NanServiceId.Compute("_accessory._tcp", new DotNetCryptoProvider());

    public static TheoryData<NanServiceControlType, bool, bool, bool> Combinations()
    {
        var data = new TheoryData<NanServiceControlType, bool, bool, bool>();
        foreach (NanServiceControlType type in new[] { NanServiceControlType.Publish, NanServiceControlType.Subscribe, NanServiceControlType.FollowUp })
        {
            for (int mask = 0; mask < 8; mask++)
            {
                data.Add(type, (mask & 1) != 0, (mask & 2) != 0, (mask & 4) != 0);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Every_field_combination_round_trips(NanServiceControlType type, bool filter, bool responseFilter, bool info)
    {
        var original = new NanServiceDescriptor(
            Id,
            7,
            9,
            type,
            filter ? new byte[] { 1, 2, 3 } : null,
            responseFilter ? new byte[] { 0x01, 0xAA, 0xBB } : null,
            info ? new byte[] { 0x10, 0x20 } : null);

        NanSdfDecodeResult result = NanSdfCodec.Decode(NanSdfCodec.Encode(original));

        Assert.True(result.Ok, result.Error.ToString());
        NanServiceDescriptor decoded = Assert.Single(result.Descriptors);
        Assert.True(decoded.ServiceId.Matches(Id));
        Assert.Equal(7, decoded.InstanceId);
        Assert.Equal(9, decoded.RequestorInstanceId);
        Assert.Equal(type, decoded.Type);
        Assert.Equal(original.MatchingFilter, decoded.MatchingFilter);
        Assert.Equal(original.ServiceResponseFilter, decoded.ServiceResponseFilter);
        Assert.Equal(original.ServiceInfo, decoded.ServiceInfo);
    }

    [Fact]
    public void Empty_and_maximum_fields_round_trip()
    {
        var original = new NanServiceDescriptor(Id, 1, 0, NanServiceControlType.Publish, Array.Empty<byte>(), null, new byte[255]);
        NanServiceDescriptor decoded = Assert.Single(NanSdfCodec.Decode(NanSdfCodec.Encode(original)).Descriptors);
        Assert.Equal(Array.Empty<byte>(), decoded.MatchingFilter);
        Assert.Equal(255, decoded.ServiceInfo!.Length);
    }

    [Fact]
    public void Layout_matches_the_specification()
    {
        var descriptor = new NanServiceDescriptor(Id, 3, 4, NanServiceControlType.Subscribe, new byte[] { 0xAB }, null, new byte[] { 0xCD, 0xEF });
        byte[] expected = new byte[] { 0x50, 0x6F, 0x9A, 0x13, 0x03, 14, 0 }
            .Concat(Id.ToArray())
            .Concat(new byte[] { 3, 4, 0x01 | 0x04 | 0x10, 1, 0xAB, 2, 0xCD, 0xEF })
            .ToArray();
        Assert.Equal(expected, NanSdfCodec.Encode(descriptor));
    }

    [Fact]
    public void Unknown_attributes_are_skipped_and_binding_bitmap_is_stepped_over()
    {
        byte[] frame = new byte[] { 0x50, 0x6F, 0x9A, 0x13, 0xDD, 2, 0, 0x11, 0x22, 0x03, 14, 0 }
            .Concat(Id.ToArray())
            .Concat(new byte[] { 5, 0, 0x40 | 0x10, 0xFF, 0xFF, 2, 0x01, 0x02 })
            .ToArray();

        NanSdfDecodeResult result = NanSdfCodec.Decode(frame);

        Assert.True(result.Ok);
        Assert.Equal(1, result.SkippedAttributes);
        Assert.Equal(new byte[] { 1, 2 }, Assert.Single(result.Descriptors).ServiceInfo);
    }

    [Fact]
    public void Several_descriptors_in_one_frame_decode_in_order()
    {
        var a = new NanServiceDescriptor(Id, 1, 0, NanServiceControlType.Publish, null, null, null);
        var b = new NanServiceDescriptor(Id, 2, 0, NanServiceControlType.Subscribe, null, null, new byte[] { 9 });
        NanServiceDescriptor[] decoded = NanSdfCodec.Decode(NanSdfCodec.Encode(new[] { a, b })).Descriptors;
        Assert.Equal(new byte[] { 1, 2 }, decoded.Select(d => d.InstanceId).ToArray());
    }

    [Theory]
    [InlineData(new byte[0], NanSdfError.Truncated)]
    [InlineData(new byte[] { 0x50, 0x6F, 0x9A }, NanSdfError.Truncated)]
    [InlineData(new byte[] { 0x50, 0x6F, 0x9A, 0x09 }, NanSdfError.NotNanSdf)]
    [InlineData(new byte[] { 0x00, 0x6F, 0x9A, 0x13 }, NanSdfError.NotNanSdf)]
    [InlineData(new byte[] { 0x50, 0x6F, 0x9A, 0x13, 0x03, 0x01 }, NanSdfError.Truncated)]
    [InlineData(new byte[] { 0x50, 0x6F, 0x9A, 0x13, 0x03, 0x05, 0x00, 1, 2 }, NanSdfError.BadAttributeLength)]
    [InlineData(new byte[] { 0x50, 0x6F, 0x9A, 0x13, 0x03, 0x02, 0x00, 1, 2 }, NanSdfError.BadServiceDescriptor)]
    [InlineData(new byte[] { 0x50, 0x6F, 0x9A, 0x13, 0x03, 0x09, 0x00, 1, 2, 3, 4, 5, 6, 1, 0, 0x03 }, NanSdfError.UnknownServiceControlType)]
    [InlineData(new byte[] { 0x50, 0x6F, 0x9A, 0x13, 0x03, 0x0A, 0x00, 1, 2, 3, 4, 5, 6, 1, 0, 0x10, 0x05 }, NanSdfError.BadServiceDescriptor)]
    [InlineData(new byte[] { 0x50, 0x6F, 0x9A, 0x13, 0x03, 0x09, 0x00, 1, 2, 3, 4, 5, 6, 1, 0, 0x04 }, NanSdfError.BadServiceDescriptor)]
    public void Malformed_payloads_give_a_typed_error(byte[] payload, NanSdfError expected)
    {
        NanSdfDecodeResult result = NanSdfCodec.Decode(payload);
        Assert.Equal(expected, result.Error);
        Assert.Empty(result.Descriptors);
    }

    [Fact]
    public void Null_payload_is_truncated_not_an_exception()
    {
        Assert.Equal(NanSdfError.Truncated, NanSdfCodec.Decode(null).Error);
    }

    [Fact]
    public void Oversize_fields_are_refused_when_building_a_descriptor()
    {
        Assert.Throws<ArgumentException>(() => new NanServiceDescriptor(Id, 1, 0, NanServiceControlType.FollowUp, null, null, new byte[256]));
    }
}
