using Accessory.Core.Nan;

namespace Accessory.Core.Tests.Nan;

public class NanServiceNameTests
{
    [Theory]
    [InlineData("accessory", NanServiceProtocol.Tcp, "_accessory._tcp")]
    [InlineData("example-service", NanServiceProtocol.Udp, "_example-service._udp")]
    [InlineData("a1", NanServiceProtocol.Tcp, "_a1._tcp")]
    public void Apple_names_go_over_the_air_with_underscore_and_protocol(string name, NanServiceProtocol protocol, string expected)
    {
        Assert.Equal(expected, NanServiceName.FromApple(name, protocol).FullName);
    }

    [Theory]
    [InlineData("", NanServiceNameError.Empty)]
    [InlineData("abcdefghijklmnop", NanServiceNameError.TooLong)]
    [InlineData("under_score", NanServiceNameError.InvalidCharacter)]
    [InlineData("dot.name", NanServiceNameError.InvalidCharacter)]
    [InlineData("12345", NanServiceNameError.NoLetter)]
    [InlineData("-lead", NanServiceNameError.HyphenAtEdge)]
    [InlineData("trail-", NanServiceNameError.HyphenAtEdge)]
    [InlineData("dou--ble", NanServiceNameError.ConsecutiveHyphens)]
    public void Apple_names_breaking_the_rules_are_refused_with_the_reason(string name, NanServiceNameError expected)
    {
        Assert.Null(NanServiceName.TryFromApple(name, NanServiceProtocol.Tcp, out NanServiceNameError error));
        Assert.Equal(expected, error);
        var thrown = Assert.Throws<ArgumentException>(() => NanServiceName.FromApple(name, NanServiceProtocol.Tcp));
        Assert.Contains(NanServiceNameErrors.Describe(expected), thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apple_fifteen_characters_are_allowed()
    {
        Assert.Equal("_abcdefghijklmno._udp", NanServiceName.FromApple("abcdefghijklmno", NanServiceProtocol.Udp).FullName);
    }

    [Theory]
    [InlineData("_accessory._tcp", "_accessory._tcp")]
    [InlineData("_x-y._udp", "_x-y._udp")]
    public void Apple_full_names_parse(string fullName, string expected)
    {
        Assert.Equal(expected, NanServiceName.TryFromAppleFullName(fullName, out _)!.FullName);
    }

    [Theory]
    [InlineData("accessory._tcp", NanServiceNameError.NotAppleFullName)]
    [InlineData("_accessory._sctp", NanServiceNameError.NotAppleFullName)]
    [InlineData("_acc_ess._tcp", NanServiceNameError.InvalidCharacter)]
    [InlineData("_abcdefghijklmnop._tcp", NanServiceNameError.TooLong)]
    [InlineData("", NanServiceNameError.Empty)]
    public void Apple_full_names_that_are_not_underscore_name_protocol_are_refused(string fullName, NanServiceNameError expected)
    {
        Assert.Null(NanServiceName.TryFromAppleFullName(fullName, out NanServiceNameError error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("_accessory._tcp")]
    [InlineData("com.example.Lamp")]
    [InlineData("lampe-café")]
    [InlineData("灯")]
    public void Android_names_allow_dots_underscores_and_multibyte(string name)
    {
        Assert.Equal(name, NanServiceName.FromAndroid(name).FullName);
    }

    [Theory]
    [InlineData("", NanServiceNameError.Empty)]
    [InlineData("has space", NanServiceNameError.InvalidCharacter)]
    [InlineData("slash/", NanServiceNameError.InvalidCharacter)]
    public void Android_names_outside_the_allowed_set_are_refused(string name, NanServiceNameError expected)
    {
        Assert.Null(NanServiceName.TryFromAndroid(name, out NanServiceNameError error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Android_names_with_a_lone_surrogate_are_refused()
    {
        // Built at run time: attribute arguments are stored as UTF-8, which would turn the surrogate into U+FFFD.
        string name = "lone" + (char)0xD800;
        Assert.Null(NanServiceName.TryFromAndroid(name, out NanServiceNameError error));
        Assert.Equal(NanServiceNameError.InvalidCharacter, error);
    }

    [Fact]
    public void Android_names_are_limited_to_255_utf8_bytes_not_characters()
    {
        Assert.NotNull(NanServiceName.TryFromAndroid(new string('a', 255), out _));
        Assert.Null(NanServiceName.TryFromAndroid(new string('a', 256), out NanServiceNameError error));
        Assert.Equal(NanServiceNameError.TooLong, error);

        // 'é' is two bytes in UTF-8: 128 of them are 256 bytes.
        Assert.Null(NanServiceName.TryFromAndroid(new string('é', 128), out error));
        Assert.Equal(NanServiceNameError.TooLong, error);
    }
}
