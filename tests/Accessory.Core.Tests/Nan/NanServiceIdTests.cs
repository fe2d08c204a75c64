using System.Security.Cryptography;
using System.Text;
using Accessory.Core.Nan;
using Accessory.Simulator.Crypto;

namespace Accessory.Core.Tests.Nan;

public class NanServiceIdTests
{
    private static readonly DotNetCryptoProvider Crypto = new();

    [Theory]
    [InlineData("_accessory._tcp")]
    [InlineData("_example-service._udp")]
    [InlineData("com.example.lamp")]
    public void Service_id_is_the_first_48_bits_of_sha256_of_the_name(string name)
    {
        byte[] expected = SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 6).ToArray();
        Assert.Equal(expected, NanServiceId.Compute(name, Crypto).ToArray());
        Assert.Equal(Convert.ToHexStringLower(expected), NanServiceId.Compute(name, Crypto).ToString());
    }

    [Fact]
    public void Service_id_hashes_the_lower_cased_name()
    {
        byte[] expected = SHA256.HashData(Encoding.UTF8.GetBytes("_accessory._tcp")).AsSpan(0, 6).ToArray();
        NanServiceId mixed = NanServiceId.Compute("_AcCeSsOrY._TCP", Crypto);
        Assert.Equal(expected, mixed.ToArray());
        Assert.True(mixed.Matches(NanServiceId.Compute(NanServiceName.FromApple("accessory", NanServiceProtocol.Tcp), Crypto)));
    }

    [Fact]
    public void Different_names_give_different_ids()
    {
        Assert.False(NanServiceId.Compute("_accessory._tcp", Crypto).Matches(NanServiceId.Compute("_accessory._udp", Crypto)));
    }
}
