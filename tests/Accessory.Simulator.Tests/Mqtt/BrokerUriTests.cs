using Accessory.Simulator.Mqtt;

namespace Accessory.Simulator.Tests.Mqtt;

public sealed class BrokerUriTests
{
    [Theory]
    [InlineData("embedded", BrokerUriKind.Embedded, "127.0.0.1", 1883)]
    [InlineData("  EMBEDDED ", BrokerUriKind.Embedded, "127.0.0.1", 1883)]
    [InlineData("mqtt://broker.lan", BrokerUriKind.Tcp, "broker.lan", 1883)]
    [InlineData("mqtt://10.0.0.5:1884", BrokerUriKind.Tcp, "10.0.0.5", 1884)]
    [InlineData("mqtt://10.0.0.5:1884/", BrokerUriKind.Tcp, "10.0.0.5", 1884)]
    [InlineData("mqtts://cloud.example:8884", BrokerUriKind.Tls, "cloud.example", 8884)]
    [InlineData("MQTTS://cloud.example", BrokerUriKind.Tls, "cloud.example", 8883)]
    [InlineData("mqtt://[::1]:1999", BrokerUriKind.Tcp, "::1", 1999)]
    [InlineData("mqtt://[fe80::1]", BrokerUriKind.Tcp, "fe80::1", 1883)]
    public void Parses_supported_forms(string text, BrokerUriKind kind, string host, int port)
    {
        var uri = BrokerUri.Parse(text);

        Assert.Equal(kind, uri.Kind);
        Assert.Equal(host, uri.Host);
        Assert.Equal(port, uri.Port);
        Assert.Equal(kind == BrokerUriKind.Tls, uri.UsesTls);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("broker.lan:1883", "no scheme")]
    [InlineData("http://broker.lan", "not supported")]
    [InlineData("mqtt://", "no host")]
    [InlineData("mqtt://:1883", "no host")]
    [InlineData("mqtt://broker:abc", "not a number")]
    [InlineData("mqtt://broker:0", "outside 1-65535")]
    [InlineData("mqtt://broker:65536", "outside 1-65535")]
    [InlineData("mqtt://broker:-1", "not a number")]
    [InlineData("mqtt://broker/devices", "path")]
    [InlineData("mqtt://fe80::1:1883", "brackets")]
    [InlineData("mqtt://[::1", "unclosed")]
    [InlineData("mqtt://[::1]x", "not a port")]
    public void Rejects_bad_uris_with_a_specific_message(string text, string expected)
    {
        var error = Assert.Throws<BrokerUriException>(() => BrokerUri.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_are_refused_without_echoing_them()
    {
        var error = Assert.Throws<BrokerUriException>(() => BrokerUri.Parse("mqtt://user:s3cret-pw@broker:1883"));

        Assert.Contains("credentials", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mqtt://broker.lan", "mqtt://broker.lan:1883")]
    [InlineData("mqtts://[::1]:8884", "mqtts://[::1]:8884")]
    [InlineData("embedded", "embedded")]
    public void Formats_back_to_a_parseable_uri(string text, string expected)
    {
        var formatted = BrokerUri.Parse(text).ToString();

        Assert.Equal(expected, formatted);
        Assert.Equal(formatted, BrokerUri.Parse(formatted).ToString());
    }

    [Fact]
    public void An_mqtts_link_without_tls_files_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new MqttNetLink(BrokerUri.Parse("mqtts://broker"), null, null));
    }
}
