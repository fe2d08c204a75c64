using System.Text;
using Accessory.Core.Text;

namespace Accessory.Core.Tests.Text;

public class Utf8Tests
{
    [Theory]
    [InlineData("")]
    [InlineData("plain ascii")]
    [InlineData("Café ☕ 📶 Wi-Fi")]
    [InlineData("\u0800\uFFFF\U0010FFFF")]
    public void Encoding_matches_dotnet(string text)
    {
        Assert.Equal(Encoding.UTF8.GetBytes(text), Utf8.Encode(text));
        Assert.Equal(text, Utf8.Decode(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Decoding_random_bytes_matches_dotnet_replacement_behaviour_and_never_throws()
    {
        var random = new Random(42);
        for (int i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 12)];
            random.NextBytes(bytes);
            bool valid = Utf8.IsValid(bytes);
            string decoded = Utf8.Decode(bytes);

            Assert.Equal(IsValidPerDotnet(bytes), valid);
            if (valid)
            {
                Assert.Equal(Encoding.UTF8.GetString(bytes), decoded);
            }
        }
    }

    [Fact]
    public void Lone_surrogates_encode_as_the_replacement_character()
    {
        Assert.Equal(new byte[] { 0xEF, 0xBF, 0xBD }, Utf8.Encode("\uD800"));
    }

    [Fact]
    public void Hex_is_upper_case_without_separators()
    {
        Assert.Equal("00A1FF", Hex.Encode(new byte[] { 0, 0xA1, 0xFF }));
    }

    private static bool IsValidPerDotnet(byte[] bytes)
    {
        try
        {
            new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
