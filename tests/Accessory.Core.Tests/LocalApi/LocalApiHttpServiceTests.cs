using System.Text;
using Accessory.Core.Http;
using Accessory.Core.LocalApi;
using Accessory.Core.Settings;

namespace Accessory.Core.Tests.LocalApi;

/// <summary>
/// The local API's HTTP handling both bodies share: the board's TcpHttpServer calls Handle as here, the simulator's
/// server the same steps with its faults between them. Requests go through the core's parser, as on the wire.
/// </summary>
public sealed class LocalApiHttpServiceTests
{
    private readonly LocalApiHarness _device = new();
    private readonly AccessToken _token = AccessToken.LoadOrCreate(new DeviceSettings(), new SeededRandom(7), out _);
    private readonly HttpRequestParser _parser = new(1024, 4096, emptyPostAllowed: true);
    private readonly ManualClock _clock = new();
    private readonly LocalApiHttpService _service;

    public LocalApiHttpServiceTests()
    {
        _service = new LocalApiHttpService(_device.Router, _token, _device.Lamp, _clock, new BrowserRequestGuard(["lamp.local"]), 1, 16, null);
    }

    [Fact]
    public void Without_a_token_the_state_is_refused_with_a_bearer_challenge_and_never_cached()
    {
        var answer = Serve("GET /api/v1/state HTTP/1.1\r\nHost: lamp.local\r\n\r\n");

        Assert.Equal(401, answer.Status);
        Assert.Equal("Bearer realm=\"accessory\"", answer.Header("WWW-Authenticate"));
        Assert.Equal("no-store", answer.Header("Cache-Control"));
        Assert.True(answer.Close);
        Assert.StartsWith("{\"error\":", Encoding.UTF8.GetString(answer.Body), StringComparison.Ordinal);
    }

    [Fact]
    public void The_paired_phone_gets_the_state_info_stays_open_and_an_empty_post_is_a_command()
    {
        var state = Serve("GET /api/v1/state HTTP/1.1\r\nHost: 192.168.1.20\r\nauthorization: bearer " + _token.Value + "\r\n\r\n");
        var info = Serve("GET /api/v1/info?x=1 HTTP/1.1\r\nHost: [fe80::1%25wlan0]:443\r\n\r\n");
        var identify = Serve("POST /api/v1/commands/identify HTTP/1.1\r\nHost: lamp.local.\r\nAuthorization: Bearer " + _token.Value + "\r\n\r\n");

        Assert.Equal(200, state.Status);
        Assert.Equal(200, info.Status);
        // The empty body reaches the command as {} (not a parser refusal), and identify itself wants "seconds".
        Assert.Equal(400, identify.Status);
        Assert.Contains("\\\"seconds\\\" must be an integer", Encoding.UTF8.GetString(identify.Body), StringComparison.Ordinal);
        Assert.Empty(_device.Identifies);
        var text = Encoding.ASCII.GetString(state.ToBytes());
        Assert.Contains("\r\nConnection: keep-alive\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Ten_wrong_tokens_lock_the_address_out_with_429_until_the_window_is_over()
    {
        string wrong = "GET /api/v1/state HTTP/1.1\r\nHost: lamp.local\r\nAuthorization: Bearer " + new string('0', AccessToken.Length) + "\r\n\r\n";
        for (int i = 0; i < LocalApiLimits.MaxTokenFailures; i++)
        {
            var refused = Serve(wrong);
            Assert.Equal(401, refused.Status);
            Assert.Contains("invalid_token", refused.Header("WWW-Authenticate"), StringComparison.Ordinal);
        }

        _clock.Advance(20_000);
        string right = "GET /api/v1/state HTTP/1.1\r\nHost: lamp.local\r\nAuthorization: Bearer " + _token.Value + "\r\n\r\n";
        var locked = Serve(right);
        Assert.Equal(429, locked.Status);
        Assert.Equal("40", locked.Header("Retry-After"));
        Assert.Equal(200, Serve(right, client: "10.0.0.9").Status);
        Assert.Equal(200, Serve("GET /api/v1/info HTTP/1.1\r\nHost: lamp.local\r\n\r\n").Status);

        _clock.Advance(40_000);
        Assert.Equal(200, Serve(right).Status);
    }

    [Theory]
    [InlineData("GET /api/v1/info HTTP/1.1\r\n\r\n", 400)]
    [InlineData("GET /api/v1/info HTTP/1.1\r\nHost: attacker.example\r\n\r\n", 403)]
    [InlineData("GET /api/v1/info HTTP/1.1\r\nHost: 300.1.1.1\r\n\r\n", 403)]
    [InlineData("GET /api/v1/info HTTP/1.1\r\nHost: lamp.local\r\nOrigin: http://evil.example\r\n\r\n", 403)]
    [InlineData("GET /api/v1/info HTTP/1.1\r\nHost: lamp.local\r\nOrigin: null\r\n\r\n", 403)]
    [InlineData("GET /api/v1/info HTTP/1.1\r\nHost: lamp.local:443\r\nOrigin: https://LAMP.local\r\n\r\n", 200)]
    public void Browser_requests_from_foreign_pages_are_refused(string wire, int status)
    {
        Assert.Equal(status, Serve(wire).Status);
    }

    [Fact]
    public void A_valid_upgrade_gets_101_with_the_accept_key_and_the_cap_answers_503()
    {
        string upgrade = "GET /api/v1/events HTTP/1.1\r\nHost: lamp.local\r\nAuthorization: Bearer " + _token.Value +
            "\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";

        var accepted = Serve(upgrade);
        var busy = Serve(upgrade);
        _service.EventStreamClosed();

        Assert.Equal(101, accepted.Status);
        Assert.NotNull(accepted.Upgrade);
        Assert.Equal(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nConnection: Upgrade\r\n\r\n",
            Encoding.ASCII.GetString(accepted.ToBytes()));
        Assert.Equal(503, busy.Status);
        Assert.Equal("5", busy.Header("Retry-After"));
        Assert.Equal(101, Serve(upgrade).Status);
    }

    [Theory]
    [InlineData("Sec-WebSocket-Version: 8\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", 426)]
    [InlineData("Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: c2hvcnQ=", 400)]
    [InlineData("Sec-WebSocket-Version: 13", 400)]
    public void A_bad_upgrade_is_refused(string headers, int status)
    {
        var answer = Serve("GET /api/v1/events HTTP/1.1\r\nHost: lamp.local\r\nAuthorization: Bearer " + _token.Value +
            "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" + headers + "\r\n\r\n");

        Assert.Equal(status, answer.Status);
        Assert.Null(answer.Upgrade);
        Assert.Equal(0, _service.OpenEventStreams);
    }

    [Fact]
    public void A_request_the_parser_refuses_gets_a_json_error_and_the_connection_closes()
    {
        var answer = _service.Refuse(new HttpRequestRefusedException(413, "too big"));

        Assert.Equal("HTTP/1.1 413 Content Too Large\r\nContent-Type: application/json\r\nContent-Length: 19\r\nConnection: close\r\n\r\n{\"error\":\"too big\"}", Encoding.ASCII.GetString(answer.ToBytes()));
    }

    private HttpResponse Serve(string wire, string client = "192.168.1.50")
    {
        var request = _parser.Read(new Http.ByteArraySource(wire, chunk: 7))!;
        return _service.Handle(1, client, request)!;
    }
}
