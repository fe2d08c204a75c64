using System.Security.Cryptography;
using System.Text;
using Accessory.Core.Crypto;
using Accessory.Core.WebSockets;

namespace Accessory.Core.Tests.WebSockets;

/// <summary>The core's managed SHA-1 (the board has none) against FIPS vectors, .NET's SHA-1 and RFC 6455's example.</summary>
public class Sha1Tests
{
    [Theory]
    [InlineData("", "da39a3ee5e6b4b0d3255bfef95601890afd80709")]
    [InlineData("abc", "a9993e364706816aba3e25717850c26c9cd0d89d")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1")]
    public void Known_answers(string input, string digest)
    {
        Assert.Equal(digest, Convert.ToHexString(Sha1.Hash(Encoding.ASCII.GetBytes(input))).ToLowerInvariant());
    }

    [Fact]
    public void Every_length_across_the_padding_boundaries_matches_dotnet()
    {
        var random = new Random(6455);
        for (int length = 0; length < 300; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
#pragma warning disable CA5350 // the reference for a SHA-1 test is SHA-1
            Assert.Equal(SHA1.HashData(data), Sha1.Hash(data));
#pragma warning restore CA5350
        }
    }

    [Fact]
    public void The_handshake_accept_value_is_rfc_6455s_example()
    {
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketHandshake.AcceptValue("dGhlIHNhbXBsZSBub25jZQ=="));
    }
}
