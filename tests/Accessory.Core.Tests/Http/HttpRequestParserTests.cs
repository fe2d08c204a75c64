using Accessory.Core.Http;

namespace Accessory.Core.Tests.Http;

public class HttpRequestParserTests
{
    private readonly HttpRequestParser _parser = new(1024, 4096);

    [Fact]
    public void A_post_with_a_body_is_read_whole_even_in_one_byte_chunks()
    {
        var source = new ByteArraySource("POST /prov-session?x=1 HTTP/1.1\r\nHost: 192.168.4.1\r\ncontent-length: 5\r\nCookie: a=b; session=42\r\n\r\nhello", chunk: 1);

        var request = _parser.Read(source)!;

        Assert.Equal("POST", request.Method);
        Assert.Equal("/prov-session", request.Path);
        Assert.Equal("hello", System.Text.Encoding.ASCII.GetString(request.Body));
        Assert.Equal("a=b; session=42", request.Cookie);
        Assert.True(request.KeepAlive);
        Assert.Null(_parser.Read(source));
    }

    [Fact]
    public void A_head_read_by_the_caller_parses_alone_and_takes_its_body_afterwards()
    {
        var head = System.Text.Encoding.ASCII.GetBytes("POST /prov-config HTTP/1.0\r\nCookie: a=b\r\nCookie: session=7\r\nContent-Length: 3\r\nConnection: keep-alive");

        var request = _parser.ParseHead(head, head.Length);

        Assert.Equal(3, request.ContentLength);
        Assert.Empty(request.Body);
        Assert.Equal("a=b; session=7", request.Cookie);
        Assert.True(request.KeepAlive);
        var whole = request.WithBody(new byte[] { 1, 2, 3 });
        Assert.Equal(new byte[] { 1, 2, 3 }, whole.Body);
        Assert.Equal("/prov-config", whole.Path);
        Assert.False(whole.WithKeepAlive(false).KeepAlive);
    }

    [Fact]
    public void A_head_over_the_limit_is_431_even_when_the_caller_read_it()
    {
        var head = new byte[2000];

        var error = Assert.Throws<HttpRequestRefusedException>(() => _parser.ParseHead(head, head.Length));

        Assert.Equal(431, error.Status);
    }

    [Fact]
    public void Pipelined_requests_come_out_one_after_the_other()
    {
        var source = new ByteArraySource("POST /a HTTP/1.1\r\nContent-Length: 2\r\n\r\nxyGET /b HTTP/1.0\r\n\r\n");

        var first = _parser.Read(source)!;
        var second = _parser.Read(source)!;

        Assert.Equal("/a", first.Path);
        Assert.Equal("xy", System.Text.Encoding.ASCII.GetString(first.Body));
        Assert.Equal("GET", second.Method);
        Assert.False(second.KeepAlive);
        Assert.Null(_parser.Read(source));
    }

    [Fact]
    public void Connection_close_and_websocket_upgrade_headers_are_seen()
    {
        var request = _parser.Read(new ByteArraySource("GET /api/v1/events HTTP/1.1\r\nCONNECTION: Upgrade, close\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"))!;

        Assert.False(request.KeepAlive);
        Assert.Equal("websocket", request.Upgrade);
        Assert.Equal("dGhlIHNhbXBsZSBub25jZQ==", request.WebSocketKey);
        Assert.Empty(request.Body);
    }

    [Theory]
    [InlineData("POST /x HTTP/1.1\r\nContent-Length: 4097\r\n\r\n", 413, "exceeds the 4096-byte limit")]
    [InlineData("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 411, "chunked")]
    [InlineData("POST /x HTTP/1.1\r\nHost: a\r\n\r\n", 411, "Content-Length")]
    [InlineData("POST /x HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400, "invalid Content-Length")]
    [InlineData("POST /x HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n", 400, "invalid Content-Length")]
    [InlineData("POST/x HTTP/1.1\r\n\r\n", 400, "malformed request line")]
    [InlineData("POST x HTTP/1.1\r\n\r\n", 400, "must start with '/'")]
    [InlineData("POST /x HTTP/2\r\n\r\n", 400, "unsupported protocol")]
    [InlineData("POST /x HTTP/1.1\r\nno colon here\r\n\r\n", 400, "malformed header line")]
    [InlineData("POST /x HTTP/1.1\r\nContent-Length: 10\r\n\r\nshort", 400, "inside the request body")]
    [InlineData("POST /x HTTP/1.1\r\nHost", 400, "inside the request header")]
    [InlineData("POST /x HTTP/1.1\r\nContent-Length: 0\r\n\r\n", 411, "missing or zero Content-Length")]
    [InlineData("POST /x HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400, "invalid Content-Length")]
    public void Bad_requests_are_refused_with_the_status_to_answer(string text, int status, string reason)
    {
        var error = Assert.Throws<HttpRequestRefusedException>(() => _parser.Read(new ByteArraySource(text)));

        Assert.Equal(status, error.Status);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_section_over_the_limit_is_431()
    {
        var text = "GET / HTTP/1.1\r\nX-Filler: " + new string('a', 2000) + "\r\n\r\n";

        var error = Assert.Throws<HttpRequestRefusedException>(() => _parser.Read(new ByteArraySource(text)));

        Assert.Equal(431, error.Status);
    }

    [Fact]
    public void Random_bytes_only_ever_give_a_request_a_refusal_or_a_clean_end()
    {
        var random = new Random(1606);
        string[] seeds = { "POST /prov-config HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc", "GET / HTTP/1.1\r\n\r\n" };
        for (int i = 0; i < 3000; i++)
        {
            byte[] data = System.Text.Encoding.ASCII.GetBytes(seeds[i % 2]);
            for (int flips = random.Next(1, 6); flips > 0; flips--)
            {
                data[random.Next(data.Length)] = (byte)random.Next(256);
            }

            try
            {
                _parser.Read(new ByteArraySource(data, random.Next(1, 8)));
            }
            catch (HttpRequestRefusedException e)
            {
                Assert.InRange(e.Status, 400, 431);
            }
        }
    }

    [Fact]
    public void A_response_carries_length_cookie_and_close()
    {
        var bytes = new HttpResponse(200, "application/octet-stream", new byte[] { 1, 2, 3 }, "Set-Cookie: session=7", true).ToBytes();
        string text = System.Text.Encoding.Latin1.GetString(bytes);

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", text, StringComparison.Ordinal);
        Assert.Contains("Content-Length: 3\r\n", text, StringComparison.Ordinal);
        Assert.Contains("Set-Cookie: session=7\r\n", text, StringComparison.Ordinal);
        Assert.Contains("Connection: close\r\n\r\n", text, StringComparison.Ordinal);
        Assert.Equal(new byte[] { 1, 2, 3 }, bytes[^3..]);
    }
}
