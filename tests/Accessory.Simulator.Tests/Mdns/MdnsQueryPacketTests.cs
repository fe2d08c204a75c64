using Accessory.Simulator.Mdns;

namespace Accessory.Simulator.Tests.Mdns;

public sealed class MdnsQueryPacketTests
{
    [Fact]
    public void Ptr_query_is_one_question_with_the_id_and_length_prefixed_labels()
    {
        byte[] expected =
        [
            0x12, 0x34, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            4, (byte)'_', (byte)'a', (byte)'c', (byte)'c',
            4, (byte)'_', (byte)'t', (byte)'c', (byte)'p',
            5, (byte)'l', (byte)'o', (byte)'c', (byte)'a', (byte)'l',
            0, 0x00, 0x0C, 0x00, 0x01,
        ];

        Assert.Equal(expected, MdnsQueryPacket.PtrQuery(0x1234, "_acc._tcp.local."));
        Assert.Equal(expected, MdnsQueryPacket.PtrQuery(0x1234, "_acc._tcp.local"));
    }

    [Theory]
    [InlineData("bad..name")]
    [InlineData("a-label-that-is-longer-than-sixty-three-bytes-is-not-allowed-in-dns.local")]
    public void Ptr_query_rejects_empty_and_over_long_labels(string name)
    {
        Assert.Throws<ArgumentException>(() => MdnsQueryPacket.PtrQuery(1, name));
    }

    [Fact]
    public void Answered_response_id_needs_the_response_bit_and_an_answer()
    {
        byte[] response = [0xAB, 0xCD, 0x84, 0x00, 0, 1, 0, 1, 0, 0, 0, 0];
        byte[] query = [0xAB, 0xCD, 0x00, 0x00, 0, 1, 0, 1, 0, 0, 0, 0];
        byte[] empty = [0xAB, 0xCD, 0x84, 0x00, 0, 1, 0, 0, 0, 0, 0, 0];

        Assert.Equal(0xABCD, MdnsQueryPacket.AnsweredResponseId(response));
        Assert.Null(MdnsQueryPacket.AnsweredResponseId(query));
        Assert.Null(MdnsQueryPacket.AnsweredResponseId(empty));
        Assert.Null(MdnsQueryPacket.AnsweredResponseId(response.AsSpan(0, 11)));
    }

    [Fact]
    public void Answered_response_id_never_throws_on_arbitrary_bytes()
    {
        var random = new Random(5353);
        for (int i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 40)];
            random.NextBytes(bytes);
            _ = MdnsQueryPacket.AnsweredResponseId(bytes);
        }
    }

    [Fact]
    public void Result_percentiles_use_nearest_rank_and_are_nan_without_answers()
    {
        var latencies = new double[100];
        for (int i = 0; i < 100; i++)
        {
            latencies[99 - i] = i + 1;
        }

        var result = new MdnsQueryLoadResult(120, 100, 3, 2.0, latencies);
        Assert.Equal(50, result.P50Milliseconds);
        Assert.Equal(99, result.P99Milliseconds);
        Assert.Equal(100, result.MaxMilliseconds);
        Assert.Equal(20, result.Unanswered);
        Assert.Equal(50, result.AnswersPerSecond);

        var none = new MdnsQueryLoadResult(5, 0, 0, 1.0, []);
        Assert.True(double.IsNaN(none.P50Milliseconds));
        Assert.Equal(0, none.AnswersPerSecond);
    }
}
