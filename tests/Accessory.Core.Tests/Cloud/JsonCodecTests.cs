using Accessory.Core.Cloud.Json;

namespace Accessory.Core.Tests.Cloud;

public class JsonCodecTests
{
    private static JsonObject Parse(string json) => JsonReader.ParseObject(System.Text.Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("a\"b\\c/d")]
    [InlineData("line\nbreak\r\ttab\b\f")]
    [InlineData("\u0001\u001f control")]
    [InlineData("héllo ünïcode € 😀")]
    [InlineData("lone \ud800 high")]
    [InlineData("lone \udc00 low")]
    public void Strings_round_trip_exactly(string value)
    {
        var bytes = new JsonWriter().WriteString("s", value).ToBytes();
        var parsed = JsonReader.ParseObject(bytes);
        Assert.Equal(JsonValueKind.Text, parsed.Find("s")!.Kind);
        Assert.Equal(value, parsed.Find("s")!.Text);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(-1L)]
    [InlineData(100L)]
    [InlineData(999_999_999_999_999_999L)]
    [InlineData(-999_999_999_999_999_999L)]
    public void Integers_round_trip(long value)
    {
        var parsed = JsonReader.ParseObject(new JsonWriter().WriteNumber("n", value).ToBytes());
        Assert.Equal(JsonValueKind.Number, parsed.Find("n")!.Kind);
        Assert.Equal(value, parsed.Find("n")!.Number);
    }

    [Fact]
    public void Writer_output_is_json_that_system_text_json_agrees_with()
    {
        var bytes = new JsonWriter().WriteString("a", "x\"y").WriteNumber("b", long.MinValue).WriteBoolean("c", true)
            .WriteBoolean("d", false).WriteNull("e").ToBytes();
        using var doc = System.Text.Json.JsonDocument.Parse(bytes);
        Assert.Equal("x\"y", doc.RootElement.GetProperty("a").GetString());
        Assert.Equal(long.MinValue, doc.RootElement.GetProperty("b").GetInt64());
        Assert.True(doc.RootElement.GetProperty("c").GetBoolean());
        Assert.False(doc.RootElement.GetProperty("d").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, doc.RootElement.GetProperty("e").ValueKind);
    }

    [Fact]
    public void Empty_writer_is_an_empty_object()
    {
        Assert.Equal("{}", System.Text.Encoding.UTF8.GetString(new JsonWriter().ToBytes()));
    }

    [Fact]
    public void Reader_parses_scalars_escapes_and_whitespace()
    {
        var o = Parse(" {\n \"s\" : \"a\\u0041\\u00e9\\ud83d\\ude00\\/\" , \"t\":true,\"f\":false,\"z\":null,\"n\":-42 } \r\n");
        Assert.Equal(5, o.Count);
        Assert.Equal("aAé😀/", o.Find("s")!.Text);
        Assert.True(o.Find("t")!.Boolean);
        Assert.Equal(JsonValueKind.Truth, o.Find("f")!.Kind);
        Assert.False(o.Find("f")!.Boolean);
        Assert.Equal(JsonValueKind.Null, o.Find("z")!.Kind);
        Assert.Equal(-42, o.Find("n")!.Number);
        Assert.Null(o.Find("missing"));
        Assert.Equal("s", o[0].Name);
    }

    [Theory]
    [InlineData("", "expected an object")]
    [InlineData("[]", "expected an object")]
    [InlineData("{", "expected a field name")]
    [InlineData("{\"a\":1", "expected ',' or '}'")]
    [InlineData("{\"a\":1,}", "expected a field name")]
    [InlineData("{\"a\" 1}", "expected ':'")]
    [InlineData("{\"a\":{}}", "nested objects and arrays are not supported")]
    [InlineData("{\"a\":[1]}", "nested objects and arrays are not supported")]
    [InlineData("{\"a\":1.5}", "only integers are supported")]
    [InlineData("{\"a\":1e3}", "only integers are supported")]
    [InlineData("{\"a\":01}", "leading zero in number")]
    [InlineData("{\"a\":-}", "expected a digit")]
    [InlineData("{\"a\":1234567890123456789}", "more than 18 digits")]
    [InlineData("{\"a\":tru}", "expected true")]
    [InlineData("{\"a\":nul}", "expected null")]
    [InlineData("{\"a\":\"x}", "unterminated string")]
    [InlineData("{\"a\":\"\\x\"}", "bad escape")]
    [InlineData("{\"a\":\"\\u12G4\"}", "bad \\u escape")]
    [InlineData("{\"a\":\"\t\"}", "control character")]
    [InlineData("{\"a\":1,\"a\":2}", "duplicate field")]
    [InlineData("{} x", "data after the object")]
    [InlineData("{\"a\":x}", "expected a value")]
    public void Malformed_input_is_a_json_format_exception_naming_the_problem(string json, string problem)
    {
        var e = Assert.Throws<JsonFormatException>(() => Parse(json));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_rejected()
    {
        var e = Assert.Throws<JsonFormatException>(() => JsonReader.ParseObject(new byte[] { (byte)'{', 0xC0, 0x80, (byte)'}' }));
        Assert.Contains("UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Size_and_field_count_are_bounded()
    {
        var big = new byte[JsonReader.MaxBytes + 1];
        Assert.Throws<JsonFormatException>(() => JsonReader.ParseObject(big));
        var writer = new JsonWriter();
        for (int i = 0; i <= JsonReader.MaxFields; i++)
        {
            writer.WriteNumber("f" + i, i);
        }

        var e = Assert.Throws<JsonFormatException>(() => JsonReader.ParseObject(writer.ToBytes()));
        Assert.Contains("more than 32 fields", e.Message, StringComparison.Ordinal);
        Assert.Throws<JsonFormatException>(() => JsonReader.ParseObject(null!));
    }
}
