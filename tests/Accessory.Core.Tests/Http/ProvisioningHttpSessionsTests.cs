using Accessory.Core.Http;
using Accessory.Core.Provisioning;
using Accessory.Core.Tests.Fakes;
using Accessory.TestKit;

namespace Accessory.Core.Tests.Http;

/// <summary>ESP-IDF protocomm_httpd's session rules, as both bodies will apply them.</summary>
public class ProvisioningHttpSessionsTests
{
    private readonly PassThroughSecurity _security = new();
    private readonly ProvisioningHttpSessions _sessions;

    public ProvisioningHttpSessionsTests()
    {
        var router = new ProtocommRouter(_security);
        router.AddEndpoint("echo", new Echo());
        _sessions = new ProvisioningHttpSessions(router, new SeededRandom(16));
    }

    [Fact]
    public void The_first_request_opens_a_session_and_sets_its_cookie()
    {
        var response = _sessions.Handle(1, Post("/echo", "hi"))!;

        Assert.Equal(200, response.Status);
        Assert.Equal("hi", System.Text.Encoding.ASCII.GetString(response.Body));
        Assert.StartsWith("Set-Cookie: session=", response.ExtraHeader, StringComparison.Ordinal);
        Assert.False(response.Close);
    }

    [Fact]
    public void The_same_socket_or_the_cookie_continues_the_session_and_another_socket_replaces_it()
    {
        var first = _sessions.Handle(1, Post("/echo", "a"))!;
        string cookie = first.ExtraHeader!["Set-Cookie: ".Length..];

        Assert.Null(_sessions.Handle(1, Post("/echo", "b"))!.ExtraHeader);
        Assert.Null(_sessions.Handle(2, Post("/echo", "c", cookie))!.ExtraHeader);
        var stranger = _sessions.Handle(3, Post("/echo", "d"))!;

        Assert.NotNull(stranger.ExtraHeader);
        Assert.NotEqual(first.ExtraHeader, stranger.ExtraHeader);
        Assert.NotNull(_sessions.Handle(2, Post("/echo", "e", cookie))!.ExtraHeader);
    }

    [Fact]
    public void Unknown_uris_are_404_and_other_methods_405()
    {
        Assert.Equal(404, _sessions.Handle(1, Post("/nope", "x"))!.Status);
        var get = _sessions.Handle(1, new HttpRequest("GET", "/echo", null, true, null, null, Array.Empty<byte>()))!;
        Assert.Equal(405, get.Status);
        Assert.True(get.Close);
    }

    [Fact]
    public void A_failing_handler_drops_the_connection_without_an_answer()
    {
        Assert.Null(_sessions.Handle(1, Post("/echo", "fail")));
    }

    [Fact]
    public void Answers_carry_httpds_default_content_type_and_close_only_when_asked()
    {
        var text = System.Text.Encoding.ASCII.GetString(_sessions.Handle(1, Post("/echo", "hi"))!.ToBytes());

        Assert.StartsWith("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 2\r\nSet-Cookie: session=", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Connection:", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nhi", text, StringComparison.Ordinal);
        var refused = System.Text.Encoding.ASCII.GetString(_sessions.Refuse(new HttpRequestRefusedException(413, "too big")).ToBytes());
        Assert.Equal("HTTP/1.1 413 Content Too Large\r\nContent-Type: text/html\r\nContent-Length: 7\r\nConnection: close\r\n\r\ntoo big", refused);
    }

    [Fact]
    public void A_cookie_value_with_trailing_garbage_is_not_the_session()
    {
        var first = _sessions.Handle(1, Post("/echo", "a"))!;
        string cookie = first.ExtraHeader!["Set-Cookie: ".Length..];

        Assert.NotNull(_sessions.Handle(2, Post("/echo", "b", cookie + "x"))!.ExtraHeader);
        Assert.True(_sessions.TryGetSession(out _));
        _sessions.End("test over");
        Assert.False(_sessions.TryGetSession(out _));
    }

    private static HttpRequest Post(string path, string body, string? cookie = null) =>
        new("POST", path, cookie, true, null, null, System.Text.Encoding.ASCII.GetBytes(body));

    private sealed class Echo : IProtocommEndpoint
    {
        public byte[] Handle(uint sessionId, byte[] request)
        {
            if (System.Text.Encoding.ASCII.GetString(request) == "fail")
            {
                throw new ProvisioningRequestException("planted failure");
            }

            return request;
        }
    }
}
