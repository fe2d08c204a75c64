using Accessory.Core.Http;
using Accessory.Core.LocalApi;
using Accessory.Core.Settings;
using Accessory.Firmware.Http;
using Accessory.TestKit;

namespace Accessory.Core.Tests.LocalApi;

/// <summary>
/// The board's local API (the firmware's own source file, compiled for the desktop) asks for the paired phone's
/// token on the same routes as the simulator's server: the Authorization header survives the core's parser, and
/// only /api/v1/info is open.
/// </summary>
public sealed class BoardLocalApiAccessTests
{
    private readonly LocalApiHarness _device = new();
    private readonly AccessToken _token = AccessToken.LoadOrCreate(new DeviceSettings(), new SeededRandom(7), out _);
    private readonly HttpRequestParser _parser = new(1024, 4096);

    [Fact]
    public void Without_a_token_the_state_is_refused_with_a_bearer_challenge()
    {
        var answer = Serve("GET /api/v1/state HTTP/1.1\r\nHost: lamp.local\r\n\r\n");

        Assert.Equal(401, answer.Status);
        Assert.Equal("WWW-Authenticate: Bearer realm=\"accessory\"", answer.ExtraHeader);
        Assert.True(answer.Close);
    }

    [Fact]
    public void A_wrong_token_is_refused_as_invalid()
    {
        var answer = Serve("POST /api/v1/commands/factory-reset HTTP/1.1\r\nAuthorization: Bearer " + new string('0', AccessToken.Length) + "\r\nContent-Length: 2\r\n\r\n{}");

        Assert.Equal(401, answer.Status);
        Assert.Contains("invalid_token", answer.ExtraHeader, StringComparison.Ordinal);
        Assert.Equal(0, _device.FactoryResets);
    }

    [Fact]
    public void The_paired_phone_gets_the_state_and_info_stays_open()
    {
        var state = Serve("GET /api/v1/state HTTP/1.1\r\nauthorization: bearer " + _token.Value + "\r\n\r\n");
        var info = Serve("GET /api/v1/info?x=1 HTTP/1.1\r\n\r\n");

        Assert.Equal(200, state.Status);
        Assert.Equal(200, info.Status);
    }

    [Fact]
    public void The_header_is_kept_when_the_body_and_keep_alive_are_set_later()
    {
        var head = System.Text.Encoding.ASCII.GetBytes("PUT /api/v1/state HTTP/1.1\r\nAuthorization: Bearer abc\r\nContent-Length: 2");

        var request = _parser.ParseHead(head, head.Length).WithBody(new byte[] { 0x7B, 0x7D }).WithKeepAlive(false);

        Assert.Equal("Bearer abc", request.Authorization);
    }

    private HttpResponse Serve(string wire)
    {
        var request = _parser.Read(new Http.ByteArraySource(wire, chunk: 7))!;
        return new LocalApiHttp(_device.Router, _token).Handle(1, request)!;
    }
}
