using Accessory.Simulator.Faults;

namespace Accessory.Simulator.Tests.Faults;

public class FaultSpecErrorTests
{
    [Theory]
    [InlineData("tls.nope", "unknown fault 'tls.nope' (known faults: tls.abort-without-close-notify, tls.session-tickets,")]
    [InlineData("", "empty fault spec; write NAME or NAME:param=value (known faults: tls.abort-without-close-notify,")]
    [InlineData("http.status:cod=500", "fault 'http.status' has no parameter 'cod' (its parameters: code, path, count, retry-after)")]
    [InlineData("ws.no-pong:after=1", "fault 'ws.no-pong' takes no parameters (got 'after')")]
    [InlineData("http.status:code=700", "fault 'http.status': parameter 'code' cannot be '700'; allowed: a whole number 200..599")]
    [InlineData("http.status:code=abc", "fault 'http.status': parameter 'code' cannot be 'abc'; allowed: a whole number 200..599")]
    [InlineData("http.status:code=101", "fault 'http.status': parameter 'code' cannot be '101'; allowed: a whole number 200..599")]
    [InlineData("http.vary:cache-control=\"max-age=1\rSet-Cookie: x\"", "parameter 'cache-control' cannot be 'max-age=1\\u000dSet-Cookie: x'; allowed: any text (quote it to include commas) without control characters")]
    [InlineData("http.vary:header=\"X-A\nX-B\"", "parameter 'header' cannot be 'X-A\\u000aX-B'; allowed: an HTTP header name")]
    [InlineData("http.vary:header=X-A:B", "parameter 'header' cannot be 'X-A:B'")]
    [InlineData("http.delay:path=\"/api\u0000\"", "parameter 'path' cannot be '/api\\u0000'")]
    [InlineData("tls.abort-without-close-notify:after=0", "parameter 'after' cannot be '0'; allowed: a whole number >= 1")]
    [InlineData("http.delay:ms=600001", "parameter 'ms' cannot be '600001'; allowed: a whole number 0..600000")]
    [InlineData("ws.close:code=1005", "parameter 'code' cannot be '1005'; allowed: a whole number 1000..4999 except 1004, 1005, 1006, 1015")]
    [InlineData("tls.chain:variant=bogus", "parameter 'variant' cannot be 'bogus'; allowed: one of: self-signed, valid, missing-intermediate, expired, wrong-hostname, untrusted-root")]
    [InlineData("tls.resumption:enabled=maybe", "parameter 'enabled' cannot be 'maybe'; allowed: true or false (also on/off, yes/no, 1/0)")]
    [InlineData("wifi.ap-lost:duration=0", "parameter 'duration' cannot be '0'; allowed: a positive duration such as 250ms")]
    [InlineData("wifi.ap-lost:duration=25h", "parameter 'duration' cannot be '25h'")]
    [InlineData("wifi.ap-lost:duration=-5s", "parameter 'duration' cannot be '-5s'")]
    [InlineData("server.outage:delay=soon", "parameter 'delay' cannot be 'soon'; allowed: a duration such as 0,")]
    [InlineData("tls.version:min=1.3,max=1.2", "fault 'tls.version': min (1.3) is above max (1.2)")]
    [InlineData("http.delay:ms", "fault 'http.delay': parameter 'ms' has no value; write ms=VALUE")]
    [InlineData("http.delay:ms=1,", "fault 'http.delay': the spec ends with ','")]
    [InlineData("http.delay:ms=1,,path=/", "fault 'http.delay': empty parameter")]
    [InlineData("http.delay:=5", "fault 'http.delay': a value is missing its parameter name before '='")]
    [InlineData("http.delay:ms=1,ms=2", "fault 'http.delay': parameter 'ms' is given twice")]
    [InlineData("http.vary:header=\"open", "fault 'http.vary': the quoted value of parameter 'header' has no closing '\"'")]
    [InlineData("http.vary:header=\"a\"b", "fault 'http.vary': parameter 'header' has text after its closing quote")]
    public void Bad_specs_say_what_is_wrong_and_what_is_allowed(string spec, string expected)
    {
        var e = Assert.Throws<FaultSpecException>(() => FaultSpec.Parse(spec));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_close_reason_over_123_utf8_bytes_is_refused_even_when_it_has_fewer_characters()
    {
        string reason = new('é', 62);
        var e = Assert.Throws<FaultSpecException>(() => FaultSpec.Parse("ws.close:reason=" + reason));

        Assert.Contains("allowed: text of at most 123 UTF-8 bytes", e.Message, StringComparison.Ordinal);
        Assert.Equal("reason", e.Parameter);
        Assert.Equal(new string('é', 61), FaultSpec.Parse("ws.close:reason=" + new string('é', 61)).GetString("reason"));
    }
}
